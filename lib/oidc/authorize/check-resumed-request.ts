import { OAuthError } from "../errors";
import type { AuthorizeParams, OidcClient } from "../types";
import { checkRedirectUriRegistered } from "./check-client-and-redirect-uri";
import { checkParRequired } from "./check-par-required";
import { checkPkceRequired, RedirectableError } from "./parse-params";

/**
 * A parked request resumes with the client's current settings (issue 5 item 11): the client still
 * exists (checked by the caller), the redirect URI is still registered, the PKCE and PAR policies
 * still hold. Throws UnsafeRedirectError (our page) or RedirectableError (to the still-registered URI).
 */
export function checkResumedRequest(params: AuthorizeParams, client: OidcClient, allowInsecure: boolean): void {
  checkRedirectUriRegistered(client, params.redirect_uri, allowInsecure);
  try {
    checkPkceRequired(client, params.code_challenge);
    checkParRequired(client, !!params.pushed);
  } catch (e) {
    if (e instanceof OAuthError) throw new RedirectableError(e, params);
    throw e;
  }
}
