import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { getDeviceLoginVerification } from "@/lib/services/device-login/get-device-login-verification";

export const dynamic = "force-dynamic";

/** Who asks to be signed in (inventory §1.5 POST /api/device-login/verification): signed-in browsers only. */
export const POST = apiOperation(
  {
    id: "device-login.verification",
    method: "POST",
    path: "/api/device-login/verification",
    tag: "Sign in with another device",
    auth: "user",
    apiKey: false,
    summary: "Show the device behind a sign-in code before approving it",
    body: z.object({ code: z.string().max(64) }),
    response: z.object({
      userCode: z.string(),
      device: z.string(),
      ipAddress: z.string().nullable(),
      country: z.string().nullable(),
      city: z.string().nullable(),
      expiresAt: z.string(),
    }),
  },
  async ({ body, meta }) => getDeviceLoginVerification(body.code, meta),
);

export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
