import { NextResponse, type NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { endSession } from "@/lib/oidc/end-session";
import { sessionFromRequest } from "@/lib/auth/guards";
import { endHintedLogin, endSession as endBrowserSession, sessionCookieName } from "@/lib/auth/session";
import { oidcContext } from "@/lib/http/oidc-context";
import { verificationKeys } from "@/lib/keys";
import { logError } from "@/lib/log";
import { oauthErrorResponse, readForm } from "@/lib/http/oauth-response";
import { env } from "@/lib/config/env";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

async function handle(request: NextRequest, params: URLSearchParams, status: 302 | 303) {
  const appUrl = env().appUrl;
  try {
    const session = await sessionFromRequest(request);
    const c = oidcContext(request);
    const outcome = await endSession(params, { store: c.store, issuer: c.issuer, keys: await verificationKeys(), sessionUserId: session?.userId ?? null });
    if (outcome.type === "confirm") return NextResponse.redirect(`${appUrl}/logout`, { status });
    // Signed out without a redirect back: /logout then says "You are signed out".
    const target = outcome.type === "redirect" ? outcome.url : `${appUrl}/logout`;
    const response = NextResponse.redirect(target, { status, headers: { "Cache-Control": "no-store" } });
    if (session) {
      await endBrowserSession(request.cookies.get(sessionCookieName())?.value, c.meta, "rp_initiated");
      response.cookies.delete(sessionCookieName());
    }
    await endHintedLogin(outcome, c.meta);
    return response;
  } catch (e) {
    logError("end-session", e);
    return NextResponse.redirect(`${appUrl}/logout`, { status });
  }
}

/** RP-initiated logout, GET and POST (form). */
async function handleGet(request: NextRequest) {
  return handle(request, request.nextUrl.searchParams, 302);
}
async function handlePost(request: NextRequest) {
  let form: URLSearchParams;
  try {
    form = (await readForm(request)) ?? new URLSearchParams();
  } catch (e) {
    // An over-long body or a NUL in it: say so (RFC 6749 §5.2 body) instead of a silent logout page.
    return oauthErrorResponse(e, "end-session");
  }
  return handle(request, form, 303);
}
export const GET = routeGuard(handleGet);
export const POST = routeGuard(handlePost);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
