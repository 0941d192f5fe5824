import { NextResponse } from "next/server";
import { toOAuthError, InvalidClientError, InvalidRequestError, InvalidTokenError, InsufficientScopeError, TemporarilyUnavailableError } from "../oidc/errors";
import { logError } from "../log";
import { BODY_TOO_LARGE, hasNul, readBodyText } from "./body";

export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/**
 * CORS for the endpoints browsers' apps call directly, and only those (inventory §1.6): token,
 * userinfo, end-session, introspection and the well-known documents. Never /authorize (RFC 9700
 * §2.6), nor revocation, PAR or device authorization (Pocket ID has none there).
 */
export const CORS_ENDPOINTS = new Set(["token", "userinfo", "end-session", "introspect"]);

/** The CORS headers themselves. */
export const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Allow-Methods": "GET, POST",
} as const;

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: { ...CORS, "Access-Control-Max-Age": "600" } });
}

/**
 * JSON with no-store: every response that carries or describes tokens. `endpoint` names the
 * endpoint answering (CORS_ENDPOINTS decides whether CORS headers are added).
 */
export function oauthJson(body: unknown, status = 200, extra: Record<string, string> = {}, endpoint = ""): NextResponse {
  const cors = CORS_ENDPOINTS.has(endpoint) ? CORS : {};
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...cors, ...extra } });
}

/**
 * RFC 6749 §5.2 / RFC 6750 §3 error body. Unknown errors become server_error with fixed text;
 * the cause goes to the log only.
 */
export function oauthErrorResponse(e: unknown, where: string): NextResponse {
  const { error, unexpected } = toOAuthError(e);
  if (unexpected) logError(where, e);
  const headers: Record<string, string> = {};
  if (error instanceof InvalidClientError && error.usedBasic) headers["WWW-Authenticate"] = 'Basic realm="pocket-id"';
  if (error instanceof InvalidTokenError || error instanceof InsufficientScopeError) {
    headers["WWW-Authenticate"] = `Bearer error="${error.error}", error_description="${error.description.replace(/"/g, "'")}"`;
  }
  if (error instanceof TemporarilyUnavailableError) headers["Retry-After"] = "1";
  return oauthJson({ error: error.error, error_description: error.description }, error.status, headers, where);
}

/**
 * Reads an application/x-www-form-urlencoded body: null when the body is of another type (each
 * endpoint decides what that means). A body over 64 KiB (read as a stream that stops at the cap)
 * or a NUL in any name or value (%00: PostgreSQL cannot store it) throws invalid_request
 * (RFC 6749 §5.2), so callers must read the form inside their error mapping.
 */
export async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  const body = await readBodyText(request);
  if (!body.ok) throw new InvalidRequestError(BODY_TOO_LARGE);
  const form = new URLSearchParams(body.text);
  for (const [key, value] of form) {
    if (hasNul(key) || hasNul(value)) throw new InvalidRequestError("A form parameter contains a NUL character (%00).");
  }
  return form;
}
