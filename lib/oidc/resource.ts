import { InvalidTargetError } from "./authorize/parse-params";
import { InvalidScopeError } from "./errors";
import { IDENTITY_SCOPES, SUPPORTED_SCOPES } from "./scopes";
export { parseScopeTokens } from "./scope-tokens";
import type { OidcStore } from "./store";
import type { OidcClient } from "./types";

/**
 * Who an API grant acts for (inventory §2.16): "user" = user-delegated flows (authorization code,
 * device code, refresh), "client" = the client acting as itself (client_credentials).
 */
export type ApiSubjectType = "user" | "client";

/** What one client may do with one API for one subject type (storage answers it). */
export interface ApiAccess {
  /** An API with this audience is registered. */
  exists: boolean;
  /** The client was granted the API for this subject type (with or without permissions). */
  allowed: boolean;
  /** Permission keys granted to the client for this API and subject type. */
  scopes: string[];
}

/** The outcome of resolving a request's resource and scope (RFC 8707 §2; inventory §2.16). */
export interface ResolvedResource {
  /** The API the access token is for (its `aud`), or null for a plain login token. */
  audience: string | null;
  /** Granted scopes, in request order: known standard scopes, then or among them API permissions. */
  scope: string[];
}

/** One description, whatever the cause, so that an unknown API and a forbidden one look alike (inventory §2.2). */
export const RESOURCE_ERROR_DESCRIPTION = "The 'resource' or 'scope' parameter is invalid.";


const STANDARD = new Set<string>(SUPPORTED_SCOPES);

/** Pocket ID stores API audiences with trailing slashes trimmed; a resource is compared the same way. */
export function normaliseAudience(resource: string): string {
  return resource.replace(/\/+$/, "");
}

/**
 * Resolves the resource indicators and the requested scope of one request against the client's
 * API grants (RFC 8707 §2, inventory §2.16), in order:
 *   1. at most one API per request (Pocket ID targets one audience; RFC 8707 §2 lets the server
 *      refuse more with invalid_target);
 *   2. without a resource: standard scopes only; a permission key the client holds for some API
 *      is invalid_scope (it needs the resource naming that API), any other unknown scope is dropped;
 *   3. with a resource: the API must exist and be granted to the client for this subject type,
 *      else invalid_target (same description either way);
 *   4. requested permission keys must be granted for that API and subject type: a key the client
 *      holds only elsewhere (another API, the other subject type) is invalid_scope, an unknown one
 *      is dropped; client credentials without any permission requested get all granted ones;
 *   5. identity scopes are stripped for the client subject (there is no user).
 */
export async function resolveResource(
  store: Pick<OidcStore, "findApiAccess" | "clientApiScopeKeys">,
  input: { client: Pick<OidcClient, "id">; resource: readonly string[]; scope: readonly string[]; subject: ApiSubjectType },
): Promise<ResolvedResource> {
  const audiences = [...new Set(input.resource.map(normaliseAudience))];
  if (audiences.length > 1) throw new InvalidTargetError("Only one resource may be requested at a time.");
  const standard = input.scope.filter((s) => STANDARD.has(s) && !(input.subject === "client" && (IDENTITY_SCOPES.has(s) || s === "offline_access")));
  const custom = input.scope.filter((s) => !STANDARD.has(s));
  const heldAnywhere = custom.length ? new Set(await store.clientApiScopeKeys(input.client.id)) : new Set<string>();

  const audience = audiences[0];
  if (audience === undefined) {
    if (custom.some((s) => heldAnywhere.has(s))) throw new InvalidScopeError("An API permission can only be requested together with the resource parameter naming its API.");
    return { audience: null, scope: standard };
  }
  const access = await store.findApiAccess(input.client.id, audience, input.subject);
  if (!access.exists || !access.allowed) throw new InvalidTargetError(RESOURCE_ERROR_DESCRIPTION);
  const allowed = new Set(access.scopes);
  if (custom.some((s) => !allowed.has(s) && heldAnywhere.has(s))) throw new InvalidScopeError(RESOURCE_ERROR_DESCRIPTION);
  let granted = input.scope.filter((s) => standard.includes(s) || allowed.has(s));
  if (input.subject === "client" && !custom.length) granted = [...standard, ...access.scopes];
  return { audience, scope: granted };
}

/**
 * Consent keys (inventory §2.4/§2.16): standard scopes bare; API permissions qualified by their
 * audience (`<audience>\x1f<key>`) so that the same key on two APIs is consented to separately;
 * reaching an API at all adds `<audience>\x1f`, so scope-less API access still asks the user once.
 */
export function consentKeys(scope: readonly string[], audience: string | null | undefined): string[] {
  if (!audience) return [...scope];
  const keys = scope.map((s) => (STANDARD.has(s) ? s : `${audience}\x1f${s}`));
  return [...keys, `${audience}\x1f`];
}

/** The API permission keys among granted scopes (what the consent screen describes). */
export function apiPermissionKeys(scope: readonly string[]): string[] {
  return scope.filter((s) => !STANDARD.has(s));
}

/**
 * The authorization endpoint's and PAR's resource policy (lib/oidc/authorize ResourcePolicy):
 * user-delegated access, resolved against the client's API grants in `store`.
 */
export function apiResourcePolicy(store: Pick<OidcStore, "findApiAccess" | "clientApiScopeKeys">) {
  return (input: { client: Pick<OidcClient, "id">; resource: string[]; scope: string[] }): Promise<ResolvedResource> =>
    resolveResource(store, { ...input, subject: "user" });
}
