import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { ceremonyCookieName, parseAuthenticationResponse, finishAuthentication } from "@/lib/auth/passkeys";
import { checkRateLimit, RATE_POLICIES } from "@/lib/auth/rate-limit";
import { requestMeta } from "@/lib/http/request-meta";
import { setCookie } from "@/lib/http/cookies";
import { discardSession, sessionCookieName } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Passkey sign-in: rate limited per client IP (inventory §1.2: 1 per 5 s, burst 10). */
export const POST = apiRoute("webauthn.login.finish", async (request: NextRequest) => {
  checkOrigin(request);
  const meta = requestMeta(request.headers);
  await checkRateLimit(RATE_POLICIES.webauthnLogin, meta.ip);
  const body = parseAuthenticationResponse(await readJson(request));
  const { user, cookie } = await finishAuthentication(request.cookies.get(ceremonyCookieName())?.value, body, meta);
  // A sign-in replaces any session this browser had: the old row must not outlive its cookie.
  await discardSession(request.cookies.get(sessionCookieName())?.value);
  const response = NextResponse.json({ id: user.id, username: user.username, isAdmin: user.isAdmin });
  response.cookies.delete(ceremonyCookieName());
  return setCookie(response, cookie);
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
