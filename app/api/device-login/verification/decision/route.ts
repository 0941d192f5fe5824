import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { authenticationResponseSchema, ceremonyCookieName, parseAuthenticationResponse } from "@/lib/auth/passkeys";
import { decideDeviceLoginRequest } from "@/lib/services/device-login/decide-device-login-request";

export const dynamic = "force-dynamic";

/**
 * Approve or deny another device's sign-in (inventory §1.5 POST
 * /api/device-login/verification/decision). Approving takes `assertion`, a passkey answer to the
 * ceremony started with GET /api/webauthn/login/start, made by a passkey of the signed-in account;
 * without it: 401 reauthentication_required.
 */
export const POST = apiOperation(
  {
    id: "device-login.verification.decision",
    method: "POST",
    path: "/api/device-login/verification/decision",
    tag: "Sign in with another device",
    auth: "user",
    apiKey: false,
    summary: "Approve (with a fresh passkey assertion) or deny another device's sign-in",
    body: z.object({ code: z.string().max(64), decision: z.enum(["approve", "deny"]), assertion: authenticationResponseSchema.optional() }),
    response: z.object({ status: z.enum(["approved", "denied"]) }),
  },
  async ({ request, body, caller, meta }) => {
    const result = await decideDeviceLoginRequest(
      { code: body.code, decision: body.decision, assertion: body.assertion === undefined ? undefined : parseAuthenticationResponse(body.assertion) },
      caller.userId,
      request.cookies.get(ceremonyCookieName())?.value,
      meta,
    );
    return result;
  },
);

export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
