import { NextResponse, type NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { authorize, errorPagePath, sentClientAndRedirectUri } from "@/lib/oidc/authorize";
import { apiResourcePolicy } from "@/lib/oidc/resource";
import { signErrorPagePath } from "@/lib/http/error-page-link";
import { sessionFromRequest } from "@/lib/auth/guards";
import { oidcContext } from "@/lib/http/oidc-context";
import { logError } from "@/lib/log";
import { oauthErrorResponse, readForm } from "@/lib/http/oauth-response";
import { env } from "@/lib/config/env";
import { verificationKeys } from "@/lib/keys";
import { routeGuard } from "@/lib/http/route-guard";
import { mayParkAuthorization } from "@/lib/auth/rate-limit";
import { formPostResponse } from "@/lib/http/form-post";

export const dynamic = "force-dynamic";

/** What next.config.ts gives other protocol routes: no scripts, no framing, no sniffing. */
const FIXED_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
} as const;

/** Every answer but the form_post page (which brings its own CSP) gets the fixed headers. */
function withFixedHeaders(response: Response): Response {
  if (response.headers.get("content-type")?.startsWith("text/html")) return response;
  const headers = new Headers(response.headers);
  for (const [k, v] of Object.entries(FIXED_HEADERS)) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

/**
 * Authorization endpoint, GET and POST (OIDC Core §3.1.2.1). The browser session is read from the
 * cookie only. After a POST, redirects use 303 so the browser never re-posts (RFC 9700 §4.11).
 */
async function handle(request: NextRequest, query: URLSearchParams, status: 302 | 303) {
  const appUrl = env().appUrl;
  try {
    const session = await sessionFromRequest(request);
    const context = oidcContext(request);
    const outcome = await authorize({
      query,
      session: session && { id: session.id, userId: session.userId, amr: session.amr, authTime: session.authTime },
      ctx: {
        ...context,
        keys: await verificationKeys(),
        allowInsecureRedirects: env().allowInsecureCallbackUrls,
        mayPark: () => mayParkAuthorization(context.meta.ip),
        resourcePolicy: apiResourcePolicy(context.store),
      },
    });
    const headers = { "Cache-Control": "no-store" };
    switch (outcome.type) {
      case "redirect":
        return NextResponse.redirect(outcome.url, { status, headers });
      case "form_post":
        return formPostResponse(outcome);
      case "interaction":
        return NextResponse.redirect(`${appUrl}/interaction?interaction=${encodeURIComponent(outcome.interactionId)}`, { status, headers });
      case "error_page":
        // The error page names the app and the URI as sent (client_id, redirect_uri when known).
        return NextResponse.redirect(`${appUrl}${signErrorPagePath(errorPagePath(outcome))}`, { status, headers });
    }
  } catch (e) {
    logError("authorize", e);
    const sent = query.has("interaction") ? {} : sentClientAndRedirectUri(query);
    return NextResponse.redirect(`${appUrl}${signErrorPagePath(errorPagePath({ error: "server_error", ...sent }))}`, { status, headers: { "Cache-Control": "no-store" } });
  }
}

async function handleGet(request: NextRequest) {
  return handle(request, request.nextUrl.searchParams, 302);
}

async function handlePost(request: NextRequest) {
  let body: URLSearchParams | null;
  try {
    body = await readForm(request);
  } catch (e) {
    // Over 64 KiB or a NUL in the form: no parameter of it can be trusted, not even redirect_uri,
    // so the answer is the RFC 6749 §5.2 body itself (invalid_request, saying why).
    return oauthErrorResponse(e, "authorize");
  }
  if (!body) return NextResponse.redirect(`${env().appUrl}/interaction/error?error=invalid_request`, { status: 303 });
  return handle(request, body, 303);
}
/**
 * HEAD must answer with GET's headers (RFC 9110 §9.3.2), and GET's Location is the outcome of
 * running the authorization: an interaction row or even a code. HEAD is a safe method and link
 * checkers and previewers send it unprompted, so it must not authorize: 405 (§15.5.6) with Allow.
 */
async function handleHead() {
  return new Response(null, { status: 405, headers: { Allow: "GET, POST", "Cache-Control": "no-store" } });
}
export const GET = routeGuard(async (request: NextRequest) => withFixedHeaders(await handleGet(request)));
export const POST = routeGuard(async (request: NextRequest) => withFixedHeaders(await handlePost(request)));
export const HEAD = routeGuard(async () => withFixedHeaders(await handleHead()));
/** Other methods: a JSON 405 with Allow (RFC 9110 §15.5.6), not a bare one. */
export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
