import { NextResponse } from "next/server";
import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { env } from "@/lib/config/env";
import { createDeviceLoginRequest } from "@/lib/services/device-login/create-device-login-request";
import { DEVICE_LOGIN_TTL_MS, deviceLoginCookieName, deviceLoginExchangePath } from "@/lib/services/device-login/device-login-code";

export const dynamic = "force-dynamic";

const createdSchema = z.object({
  id: z.string(),
  userCode: z.string(),
  verificationUri: z.string(),
  verificationUriComplete: z.string(),
  expiresAt: z.string(),
  interval: z.number().int(),
});

/**
 * Starts "sign in with another device" (inventory §1.5 POST /api/device-login/requests). The
 * polling token goes into an HttpOnly cookie scoped to this request's exchange path only.
 */
export const POST = apiOperation(
  {
    id: "device-login.requests.create",
    method: "POST",
    path: "/api/device-login/requests",
    tag: "Sign in with another device",
    auth: "public",
    optionalBody: true,
    summary: "Start a sign-in to be approved on another, signed-in device (QR code)",
    response: createdSchema,
    status: 201,
  },
  async ({ request, meta }) => {
    checkOrigin(request);
    const { pollToken, ...created } = await createDeviceLoginRequest(meta);
    const response = NextResponse.json(created, { status: 201, headers: { "Cache-Control": "no-store" } });
    response.cookies.set(deviceLoginCookieName(), pollToken, {
      httpOnly: true,
      secure: env().secureCookies,
      sameSite: "strict",
      path: deviceLoginExchangePath(created.id),
      maxAge: DEVICE_LOGIN_TTL_MS / 1000 + 60,
    });
    return response;
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
