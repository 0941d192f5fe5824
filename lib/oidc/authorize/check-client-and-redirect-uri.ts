import { UnsafeRedirectError } from "../errors";
import { AUTHORIZE_LIMITS, hasControlCharacter } from "../limits";
import { isSecureRedirectUri, matchRedirectUri } from "../redirect-uri";
import type { OidcStore } from "../store";
import type { OidcClient } from "../types";
import { single } from "./request-params";

/**
 * Step 1 (RFC 6749 §4.1.2.1, §10.15): identify the client and verify the redirect URI. Until both
 * are verified nothing may be sent to the redirect URI, so failures here are shown on our page.
 * `redirectUriSent` records whether the request named it (RFC 6749 §4.1.3 at the token endpoint).
 */
export async function checkClientAndRedirectUri(query: URLSearchParams, store: OidcStore, allowInsecure = true) {
  let clientId: string | undefined;
  let redirectUri: string | undefined;
  try {
    clientId = single(query, "client_id");
    redirectUri = single(query, "redirect_uri");
  } catch (e) {
    throw new UnsafeRedirectError("invalid_request", (e as Error).message);
  }
  if (!clientId) throw new UnsafeRedirectError("invalid_request", "The client_id parameter is missing.");
  // RFC 6749 Appendix A: client_id and URIs are printable characters; a control character (NUL
  // in particular, which PostgreSQL cannot store) is never looked up.
  if (hasControlCharacter(clientId) || (redirectUri && hasControlCharacter(redirectUri))) {
    throw new UnsafeRedirectError("invalid_request", "The client_id or redirect_uri contains a control character.");
  }
  if (clientId.length > AUTHORIZE_LIMITS.client_id) {
    throw new UnsafeRedirectError("invalid_request", `The client_id is too long (at most ${AUTHORIZE_LIMITS.client_id} characters).`);
  }
  const client = await store.findClient(clientId);
  if (!client) throw new UnsafeRedirectError("invalid_client", "The application is not registered with this server.");
  const redirectUriSent = !!redirectUri;
  if (!redirectUri) {
    // OIDC Core §3.1.2.1 requires redirect_uri; plain OAuth may omit it with a single registration
    // that is a plain URL (a pattern names no one address to send the browser to).
    const wantsOpenid = (query.get("scope") ?? "").split(" ").includes("openid");
    if (wantsOpenid || client.callbackUrls.length !== 1 || client.callbackUrls[0].includes("*")) {
      throw new UnsafeRedirectError("invalid_request", "The redirect_uri parameter is missing.");
    }
    redirectUri = client.callbackUrls[0];
  } else if (redirectUri.length > AUTHORIZE_LIMITS.redirect_uri) {
    // Limits (README): never match or store an unbounded URI.
    throw new UnsafeRedirectError("invalid_request", `The redirect_uri is too long (at most ${AUTHORIZE_LIMITS.redirect_uri} characters).`);
  }
  checkRedirectUriRegistered(client, redirectUri, allowInsecure);
  return { client, redirectUri, redirectUriSent };
}

/**
 * RFC 6749 §3.1.2.2 / inventory §2.6: the redirect URI is registered for the client (checked again
 * when a parked request resumes, since an admin may have removed it meanwhile).
 */
export function checkRedirectUriRegistered(client: OidcClient, redirectUri: string, allowInsecure: boolean): void {
  if (!matchRedirectUri(client.callbackUrls, redirectUri)) {
    throw new UnsafeRedirectError("invalid_redirect_uri", "The redirect_uri is not registered for this application.");
  }
  if (!allowInsecure && !isSecureRedirectUri(redirectUri)) {
    throw new UnsafeRedirectError("invalid_redirect_uri", "Plain-http redirect URIs are not allowed on this server.");
  }
}
