import { randomBytes } from "node:crypto";
import { checkClientAndRedirectUri, parseAuthorizeParams, PAR_URN_PREFIX, RedirectableError, requestUriHash, resolveRequestObject, checkResources, type ResourcePolicy } from "./authorize";
import { authenticateClient } from "./client-auth";
import { InvalidRequestError, UnsafeRedirectError } from "./errors";
import type { OidcStore } from "./store";

/** RFC 9126 §2.2 / inventory §2.1: a pushed request lives 90 seconds. */
export const PAR_TTL_SECONDS = 90;

/** Client-authentication parameters: never stored with the pushed request. */
const AUTH_PARAMS = new Set(["client_secret", "client_assertion", "client_assertion_type"]);

/**
 * Pushed Authorization Request endpoint (RFC 9126 §2), in order: authenticate the client (§2.1,
 * as at the token endpoint) → refuse request_uri (§2.1) → resolve an unsigned request object →
 * validate the request exactly as /authorize would, redirect URI included, answering errors as
 * JSON (§2.3) → store it, hashed, single use, bound to the client, for 90 s.
 */
export async function pushAuthorizationRequest(
  form: URLSearchParams,
  authorization: string | null,
  ctx: { store: OidcStore; now: Date; allowInsecureRedirects: boolean; resourcePolicy?: ResourcePolicy },
): Promise<{ request_uri: string; expires_in: number }> {
  const client = await authenticateClient(form, authorization, ctx.store, ctx.now);
  if (form.has("request_uri")) throw new InvalidRequestError("request_uri is not allowed in a pushed authorization request.");
  const resolved = resolveRequestObject(form);
  if (resolved.error) throw resolved.error;
  const params = new URLSearchParams();
  for (const [k, v] of resolved.params) if (!AUTH_PARAMS.has(k)) params.append(k, v);
  // The authenticated client is the request's client, whatever else the body says.
  params.set("client_id", client.id);
  try {
    const verified = await checkClientAndRedirectUri(params, ctx.store, ctx.allowInsecureRedirects);
    const parsed = parseAuthorizeParams(params, verified.client, verified.redirectUri, verified.redirectUriSent);
    await checkResources(parsed, client, ctx.resourcePolicy);
  } catch (e) {
    // §2.3: errors are the token endpoint's JSON; nothing is redirected from here.
    if (e instanceof RedirectableError) throw e.oauth;
    if (e instanceof UnsafeRedirectError) throw new InvalidRequestError(e.description);
    throw e;
  }
  const requestUri = PAR_URN_PREFIX + randomBytes(32).toString("base64url");
  await ctx.store.savePushedRequest({
    requestUriHash: requestUriHash(requestUri),
    clientId: client.id,
    params: [...params],
    expiresAt: new Date(ctx.now.getTime() + PAR_TTL_SECONDS * 1000),
  });
  return { request_uri: requestUri, expires_in: PAR_TTL_SECONDS };
}
