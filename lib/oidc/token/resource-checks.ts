import { checkResourceSyntax } from "../authorize/parse-params";
import { InvalidGrantError, OAuthError } from "../errors";
import { InvalidTargetError } from "../authorize/parse-params";
import { normaliseAudience, resolveResource, RESOURCE_ERROR_DESCRIPTION } from "../resource";
import type { GrantRecord, OidcStore } from "../store";
import type { OidcClient } from "../types";

/**
 * A user grant at the token endpoint (code exchange, refresh), inventory §2.16 / RFC 8707 §2.2:
 *   1. a `resource` in the token request may only name the grant's own API (a grant targets one
 *      API, so it cannot be widened or moved to another), else invalid_target;
 *   2. the grant's API is re-validated against the client's current API grants: without access
 *      any more the grant is dead (invalid_grant), permissions revoked since are dropped.
 * Returns the scopes the new tokens get, or the error to answer with.
 */
export async function checkGrantResource(store: OidcStore, form: URLSearchParams, client: OidcClient, grant: GrantRecord): Promise<string[] | OAuthError> {
  let requested: string[];
  try {
    requested = checkResourceSyntax(form.getAll("resource")).map(normaliseAudience);
  } catch (e) {
    if (e instanceof OAuthError) return e;
    throw e;
  }
  if (requested.some((r) => r !== grant.resource)) return new InvalidTargetError(RESOURCE_ERROR_DESCRIPTION);
  if (!grant.resource) return grant.scope;
  try {
    const resolved = await resolveResource(store, { client, resource: [grant.resource], scope: grant.scope, subject: "user" });
    return resolved.scope;
  } catch (e) {
    if (e instanceof OAuthError) return new InvalidGrantError("The application may no longer use this API.");
    throw e;
  }
}
