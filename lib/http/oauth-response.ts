import { NextResponse } from "next/server";
import { toOAuthError, InvalidClientError, InvalidTokenError, InsufficientScopeError } from "../oidc/errors";
import { logError } from "../log";

export const NO_STORE = { "Cache-Control": "no-store", Pragma: "no-cache" } as const;

/** CORS for the endpoints browsers' apps call directly (inventory §1.6). */
export const CORS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Allow-Headers": "Authorization, Content-Type",
  "Access-Control-Allow-Methods": "GET, POST",
} as const;

export function corsPreflight(): Response {
  return new Response(null, { status: 204, headers: { ...CORS, "Access-Control-Max-Age": "600" } });
}

/** JSON with no-store: every response that carries or describes tokens. */
export function oauthJson(body: unknown, status = 200, extra: Record<string, string> = {}): NextResponse {
  return NextResponse.json(body, { status, headers: { ...NO_STORE, ...CORS, ...extra } });
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
  return oauthJson({ error: error.error, error_description: error.description }, error.status, headers);
}

/** Reads an application/x-www-form-urlencoded body; anything else is invalid_request. */
export async function readForm(request: Request): Promise<URLSearchParams | null> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/x-www-form-urlencoded") return null;
  const text = await request.text();
  if (text.length > 64 * 1024) return null;
  return new URLSearchParams(text);
}
