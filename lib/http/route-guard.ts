import type { NextRequest } from "next/server";
import { env } from "../config/env";
import { AppError } from "../errors";
import { MemoryRateLimiter } from "./memory-rate-limiter";
import { clientIp } from "./request-meta";
import { rateLimitSubject } from "../auth/rate-limit";
import { apiError } from "./api-error";
import { isNavigation, rateLimitedPage } from "./rate-limited-page";

/** Pocket ID's general `api` policy: 100 requests per second per IP, burst 300 (inventory §1.2). */
export const API_POLICY = { perSecond: 100, burst: 300 } as const;

const g = globalThis as unknown as { __pocketIdApiLimiter?: MemoryRateLimiter };
function limiter(): MemoryRateLimiter {
  return (g.__pocketIdApiLimiter ??= new MemoryRateLimiter(API_POLICY.perSecond, API_POLICY.burst));
}

/** RFC 6797: only over https, where the browser can keep its promise to never use http. */
export const HSTS = "max-age=31536000; includeSubDomains";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keeps each handler's own signature
type Handler = (...args: any[]) => Response | Promise<Response>;
type AfterFirst<T extends unknown[]> = T extends [unknown?, ...infer R] ? R : [];

/**
 * Every route handler under /api, /authorize and /.well-known is exported through this wrapper
 * (`export const GET = routeGuard(handler)`). It applies the per-IP `api` rate limit (429 with
 * Retry-After and `{error, code: "rate_limited"}`, as Pocket ID answers on every path it
 * guards; a browser navigating to /authorize gets the same 429 as a page that says how long to
 * wait, lib/http/rate-limited-page.ts), and adds what next.config.ts `headers()` cannot know at build time: HSTS when
 * APP_URL is https, and `Cache-Control: no-store` on /api responses that do not choose their own
 * caching (they carry personal data: users, sessions, passkeys, clients, secrets).
 */
export function routeGuard<H extends Handler>(handler: H, where = "route"): (request?: NextRequest, ...rest: AfterFirst<Parameters<H>>) => Promise<Response> {
  return async (request?: NextRequest, ...rest: AfterFirst<Parameters<H>>) => {
    const isApi = !!request && request.nextUrl.pathname.startsWith("/api/");
    let response: Response;
    const wait = env().rateLimitingDisabled || !request ? 0 : limiter().take(rateLimitSubject(clientIp(request.headers)));
    if (wait > 0) {
      // A person's browser on a page route (/authorize) gets a page saying how long to wait;
      // scripts and the REST API keep the JSON body. Both are 429 with Retry-After.
      response =
        !isApi && isNavigation(request!)
          ? rateLimitedPage(wait, request!.method === "GET" ? request!.nextUrl.pathname + request!.nextUrl.search : null)
          : apiError(new AppError("rate_limited", undefined, { retryAfter: wait }), where);
    } else {
      try {
        response = await handler(request, ...rest);
      } catch (e) {
        // Handlers map their own errors; anything escaping is a bug, answered without a stack trace.
        response = apiError(e, where);
      }
    }
    return withHeaders(response, isApi);
  };
}

function withHeaders(response: Response, isApi: boolean): Response {
  const https = env().appUrl.startsWith("https://");
  if (!https && !(isApi && !response.headers.has("cache-control"))) return response;
  let headers = response.headers;
  try {
    headers.set("x-pocketid-probe", "1");
    headers.delete("x-pocketid-probe");
  } catch {
    // Response.redirect() and fetch() responses have immutable headers: copy them.
    response = new Response(response.body, response);
    headers = response.headers;
  }
  if (https) headers.set("Strict-Transport-Security", HSTS);
  if (isApi && !headers.has("cache-control")) headers.set("Cache-Control", "no-store");
  return response;
}

/** Tests only: start with empty buckets. */
export function resetApiRateLimiterForTests(): void {
  g.__pocketIdApiLimiter = undefined;
}
