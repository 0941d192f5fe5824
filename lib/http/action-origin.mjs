// Server Actions (the settings pages' forms call them with fetch) sent from another site: Next.js
// refuses them as CSRF, but with a 500 and an error in the log for each request, so anyone could
// fill the log, and every refusal reads as a server failure. server.mjs answers them first with
// 403 invalid_origin, under exactly the condition Next.js refuses them
// (next/dist/server/app-render/action-handler.js): a POST with a Next-Action header to a page, with
// an Origin whose host is not the first X-Forwarded-Host (else Host). Plain JavaScript: server.mjs
// loads it without any TypeScript step (scripts/build-standalone.mjs copies it next to server.mjs).

/** Route handlers (proxy.ts's matcher leaves them out): Next.js never runs a Server Action there. */
const ROUTE_HANDLERS = /^\/(?:api(?:\/|$)|\.well-known\/|authorize(?:\/|$)|healthz(?:\/|$)|_next\/)/;

/**
 * Returns `refused(req)`: true for a Server Action request Next.js would refuse for its origin.
 * With `serverActions.allowedOrigins` configured it refuses nothing (those patterns stay Next's to match).
 */
export function createActionOriginCheck({ allowedOrigins } = {}) {
  if (Array.isArray(allowedOrigins) && allowedOrigins.length > 0) return () => false;
  return (req) => {
    if (req.method !== "POST" || typeof req.headers["next-action"] !== "string") return false;
    const origin = req.headers.origin;
    // No Origin: Next.js lets it through with a warning (a hand-made request carries no one's cookies).
    if (typeof origin !== "string") return false;
    if (ROUTE_HANDLERS.test((req.url ?? "/").split("?")[0])) return false;
    let originHost;
    if (origin === "null") originHost = "null";
    else {
      try {
        originHost = new URL(origin).host;
      } catch {
        return true; // Next.js's own parse of it would throw: a 500
      }
    }
    const forwarded = req.headers["x-forwarded-host"];
    const first = Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(",")[0]?.trim();
    const host = first || req.headers.host;
    return !host || originHost !== host;
  };
}
