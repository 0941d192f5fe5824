import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { requireUser } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/request-meta";
import { deviceCodeQuerySchema } from "@/lib/services/device-codes/decide-device-code";
import { describeDeviceCode } from "@/lib/services/device-codes/describe-device-code";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/**
 * Pocket ID's GET /api/oidc/device/info?code=<user_code> (inventory §2.14): the client and scopes
 * a pending user code asks for, for the signed-in user. Unknown, expired and used codes are
 * Pocket ID's error codes, with a sentence saying what to do.
 */
export const GET = apiRoute("device.info", async (request: NextRequest) => {
  const session = await requireUser(request);
  const { code } = deviceCodeQuerySchema.parse({ code: request.nextUrl.searchParams.get("code") ?? "" });
  const view = await describeDeviceCode(code, session, requestMeta(request.headers));
  if (view.state === "unknown") throw new AppError("oidc_invalid_device_code");
  if (view.state === "expired") throw new AppError("oidc_device_code_expired");
  if (view.state !== "pending") throw new AppError("oidc_device_code_used");
  if (!view.allowed) throw new AppError("access_denied");
  return NextResponse.json(
    {
      userCode: view.userCode,
      client: view.client,
      scope: view.scopes,
      authorizationRequired: view.authorizationRequired,
      reauthenticationRequired: view.reauthenticationRequired,
      expiresAt: view.expiresAt.toISOString(),
    },
    { headers: { "Cache-Control": "no-store" } },
  );
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
