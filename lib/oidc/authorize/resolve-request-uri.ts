import { sha256Hex } from "../../crypto/hash";
import { OAuthError, UnsafeRedirectError } from "../errors";
import type { OidcStore } from "../store";

/** RFC 9126 §2.2: the URN prefix of the request_uri values PAR hands out. */
export const PAR_URN_PREFIX = "urn:ietf:params:oauth:request_uri:";

/** Only the SHA-256 of a request_uri is stored (DESIGN rule 5: single-use secrets hashed). */
export function requestUriHash(requestUri: string): string {
  return sha256Hex(requestUri);
}

/**
 * RFC 9126 §4: `request_uri` from PAR replaces the request: the pushed parameters are used and
 * the others ignored (client_id must name the pushing client). The pushed request is consumed
 * here, once, atomically; an unknown, used, expired or other client's one ends on our error page,
 * as no redirect URI is known for it. Any other request_uri (RFC 9101 by reference) is not
 * supported: reported to the client once its redirect URI is verified (OIDC Core §6.2).
 */
export async function resolveRequestUri(
  query: URLSearchParams,
  store: OidcStore,
  now: Date,
): Promise<{ params: URLSearchParams; pushed: boolean; error?: OAuthError }> {
  const all = query.getAll("request_uri");
  if (all.length === 0) return { params: query, pushed: false };
  const params = new URLSearchParams(query);
  params.delete("request_uri");
  if (all.length > 1 || !all[0].startsWith(PAR_URN_PREFIX)) {
    return { params, pushed: false, error: new OAuthError("request_uri_not_supported", "Only request_uri values from this server's PAR endpoint are supported.") };
  }
  const clientId = query.getAll("client_id");
  if (clientId.length !== 1 || !clientId[0]) throw new UnsafeRedirectError("invalid_request", "The client_id parameter is missing.");
  const pushed = await store.consumePushedRequest(requestUriHash(all[0]), clientId[0], now);
  if (!pushed) throw new UnsafeRedirectError("invalid_request_uri", "The request_uri is unknown, expired or already used.");
  return { params: new URLSearchParams(pushed), pushed: true };
}
