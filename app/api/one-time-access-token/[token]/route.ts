import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/request-meta";
import { setCookie } from "@/lib/http/cookies";
import { discardSession, sessionCookieName } from "@/lib/auth/session";
import { signInWithLoginCode } from "@/lib/services/login-codes/sign-in-with-login-code";
import { loginCodeDeviceCookieName } from "@/lib/services/login-codes/issue-login-code";

export const dynamic = "force-dynamic";

/**
 * Exchanges a login code for a session (inventory §1.5; Pocket ID's path). Public, rate limited
 * per address and per code; the Origin check keeps another site from signing a visitor into an
 * account of its choosing (login CSRF).
 */
export const POST = apiRoute("one-time-access-token.exchange", async (request: NextRequest, context: { params: Promise<{ token: string }> }) => {
  checkOrigin(request);
  const { token } = await context.params;
  const { user, cookie } = await signInWithLoginCode(token, requestMeta(request.headers), {
    deviceToken: request.cookies.get(loginCodeDeviceCookieName())?.value ?? null,
  });
  // A sign-in replaces any session this browser had: the old row must not outlive its cookie.
  await discardSession(request.cookies.get(sessionCookieName())?.value);
  return setCookie(NextResponse.json({ id: user.id, username: user.username, isAdmin: user.isAdmin }, { headers: { "Cache-Control": "no-store" } }), cookie);
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
