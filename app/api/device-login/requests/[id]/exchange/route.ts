import { NextResponse } from "next/server";
import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { discardSession, sessionCookieName } from "@/lib/auth/session";
import { setCookie } from "@/lib/http/cookies";
import { exchangeDeviceLoginRequest } from "@/lib/services/device-login/exchange-device-login-request";
import { deviceLoginCookieName, deviceLoginExchangePath } from "@/lib/services/device-login/device-login-code";

export const dynamic = "force-dynamic";

/**
 * The waiting device's long poll (inventory §1.5 POST /api/device-login/requests/:id/exchange):
 * 202 `{status: "pending"}` after up to 25 s without a decision; 200 with the user and a session
 * cookie (amr otp) once approved on the other device; 403 device_login_denied; 410
 * device_login_expired. The Origin check keeps another site from signing a visitor in (login CSRF).
 */
export const POST = apiOperation(
  {
    id: "device-login.requests.exchange",
    method: "POST",
    path: "/api/device-login/requests/{id}/exchange",
    tag: "Sign in with another device",
    auth: "public",
    optionalBody: true,
    params: idParams,
    summary: "Wait for the other device's decision (long poll, polling cookie)",
    response: z.object({ id: z.string(), username: z.string(), isAdmin: z.boolean() }),
  },
  async ({ request, params, meta }) => {
    checkOrigin(request);
    const result = await exchangeDeviceLoginRequest(params.id, request.cookies.get(deviceLoginCookieName())?.value, meta, { signal: request.signal });
    if (result.status === "pending") return NextResponse.json({ status: "pending" }, { status: 202, headers: { "Cache-Control": "no-store" } });
    // A sign-in replaces any session this browser had: the old row must not outlive its cookie.
    await discardSession(request.cookies.get(sessionCookieName())?.value);
    const { user, cookie } = result;
    const response = NextResponse.json({ id: user.id, username: user.username, isAdmin: user.isAdmin }, { headers: { "Cache-Control": "no-store" } });
    response.cookies.set(deviceLoginCookieName(), "", { path: deviceLoginExchangePath(params.id), maxAge: 0 });
    return setCookie(response, cookie);
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
