import { NextResponse, type NextRequest } from "next/server";
import { isDevelopment } from "./lib/config/runtime";
import { env } from "./lib/config/env";

/**
 * Headers only (DESIGN rule 13: access is checked next to the data, never here). Every HTML page
 * gets a CSP with a fresh script nonce and frame-ancestors 'none', plus the usual hardening.
 * JSON and protocol endpoints never pass through here (see `config.matcher`): they send no
 * scripts, so they get fixed headers from next.config.ts instead, and skip the cost of a proxy
 * invocation per request (about half their throughput, `npm run bench`).
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const dev = isDevelopment();
  const csp = [
    "default-src 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "img-src * blob: data:",
    "font-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "connect-src 'self'",
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("Content-Security-Policy", csp);
  // Lets layouts send visitors back to the page they asked for after signing in.
  requestHeaders.set("x-pathname", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "same-origin");
  response.headers.set("X-Frame-Options", "DENY");
  // RFC 6797: announced only over https, where the browser can keep the promise.
  if (env().appUrl.startsWith("https://")) response.headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  return response;
}

/**
 * Pages only: not /api, /.well-known, /authorize, /healthz (route handlers, wrapped by
 * lib/http/route-guard.ts) nor static files (_next assets, robots.txt, favicon).
 */
export const config = {
  matcher: [{ source: "/((?!api(?:/|$)|\\.well-known/|authorize(?:/|$)|healthz(?:/|$)|_next/static/|_next/image|favicon\\.ico$|robots\\.txt$).*)" }],
};
