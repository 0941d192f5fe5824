import type { FormPostOutcome, ResponseTarget } from "./outcome";

/**
 * The authorization response parameters with RFC 9207's `iss`, which goes on every response,
 * success or error, so that a client talking to several servers can tell who answered (mix-up
 * defence, RFC 9700 §4.4).
 */
function responseParams(values: Record<string, string | undefined>, issuer: string): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out.push([k, v]);
  out.push(["iss", issuer]);
  return out;
}

/**
 * Builds the redirect back to the client for `query` and `fragment` (RFC 6749 §4.1.2; OAuth 2.0
 * Multiple Response Type Encoding §2.1). The target must already be verified for the client.
 */
export function clientRedirect(target: Pick<ResponseTarget, "redirect_uri" | "response_mode">, values: Record<string, string | undefined>, issuer: string): string {
  const url = new URL(target.redirect_uri);
  const params = responseParams(values, issuer);
  if (target.response_mode === "fragment") {
    url.hash = new URLSearchParams(params).toString();
    return url.toString();
  }
  for (const [k, v] of params) url.searchParams.append(k, v);
  return url.toString();
}

/** The response in the request's response mode: a redirect, or a form to POST (Form Post §2). */
export function authorizationResponse(
  target: ResponseTarget,
  values: Record<string, string | undefined>,
  issuer: string,
): { type: "redirect"; url: string } | FormPostOutcome {
  if (target.response_mode === "form_post") {
    return { type: "form_post", action: target.redirect_uri, fields: responseParams(values, issuer) };
  }
  return { type: "redirect", url: clientRedirect(target, values, issuer) };
}

/** An error response to the client (RFC 6749 §4.1.2.1): error, description, state and iss. */
export function errorResponse(target: ResponseTarget, error: { error: string; description: string }, issuer: string) {
  return authorizationResponse(target, { error: error.error, error_description: error.description, state: target.state }, issuer);
}
