import { NextResponse, type NextRequest } from "next/server";
import { authorize, errorPagePath, sentClientAndRedirectUri } from "@/lib/oidc/authorize";
import { sessionFromRequest } from "@/lib/auth/guards";
import { oidcContext } from "@/lib/http/oidc-context";
import { logError } from "@/lib/log";
import { readForm } from "@/lib/http/oauth-response";
import { env } from "@/lib/config/env";
import { verificationKeys } from "@/lib/keys";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/**
 * Authorization endpoint, GET and POST (OIDC Core §3.1.2.1). The browser session is read from the
 * cookie only. After a POST, redirects use 303 so the browser never re-posts (RFC 9700 §4.11).
 */
async function handle(request: NextRequest, query: URLSearchParams, status: 302 | 303) {
  const appUrl = env().appUrl;
  try {
    const session = await sessionFromRequest(request);
    const outcome = await authorize({
      query,
      session: session && { userId: session.userId, amr: session.amr, authTime: session.authTime },
      ctx: { ...oidcContext(request), keys: await verificationKeys(), allowInsecureRedirects: env().allowInsecureCallbackUrls },
    });
    const headers = { "Cache-Control": "no-store" };
    switch (outcome.type) {
      case "redirect":
        return NextResponse.redirect(outcome.url, { status, headers });
      case "interaction":
        return NextResponse.redirect(`${appUrl}/interaction?interaction=${encodeURIComponent(outcome.interactionId)}`, { status, headers });
      case "error_page":
        // The error page names the app and the URI as sent (client_id, redirect_uri when known).
        return NextResponse.redirect(`${appUrl}${errorPagePath(outcome)}`, { status, headers });
    }
  } catch (e) {
    logError("authorize", e);
    const sent = query.has("interaction") ? {} : sentClientAndRedirectUri(query);
    return NextResponse.redirect(`${appUrl}${errorPagePath({ error: "server_error", ...sent })}`, { status, headers: { "Cache-Control": "no-store" } });
  }
}

async function handleGet(request: NextRequest) {
  return handle(request, request.nextUrl.searchParams, 302);
}

async function handlePost(request: NextRequest) {
  const body = await readForm(request);
  if (!body) return NextResponse.redirect(`${env().appUrl}/interaction/error?error=invalid_request`, { status: 303 });
  return handle(request, body, 303);
}
export const GET = routeGuard(handleGet);
export const POST = routeGuard(handlePost);
