import { checkCallbackUrlPattern, isSecureRedirectUri } from "../../oidc/redirect-uri";
import { callbackProblemSentence } from "../validation";

export const INSECURE_CALLBACK_SENTENCE =
  "Start with https://. Plain http:// is allowed only for localhost on this server (ALLOW_INSECURE_CALLBACK_URLS=false)";

/**
 * Why the server would refuse this callback (or logout callback) URL pattern, as the sentence the
 * form shows; null when it would be saved. Pure (no env, no database), so the client console runs
 * the very rules of the save (inventory §2.6: a scheme, no javascript:/data:, no fragment, the
 * wildcard shape the matcher understands) while the admin types; `allowInsecure` is
 * ALLOW_INSECURE_CALLBACK_URLS, passed in by the page.
 */
export function callbackUrlProblem(value: string, allowInsecure: boolean): string | null {
  const v = value.trim();
  if (!v) return "Enter a callback URL";
  if (v.length > 1000) return "Use at most 1000 characters";
  const problem = checkCallbackUrlPattern(v);
  if (problem) return callbackProblemSentence(problem);
  if (!allowInsecure && !isSecureRedirectUri(v)) return INSECURE_CALLBACK_SENTENCE;
  return null;
}
