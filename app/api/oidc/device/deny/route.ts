import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireUser } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/request-meta";
import { decideDeviceCode, deviceCodeQuerySchema } from "@/lib/services/device-codes/decide-device-code";

export const dynamic = "force-dynamic";

/**
 * POST /api/oidc/device/deny?code=<user_code> (beyond Pocket ID, which has no way to say no): the
 * signed-in user refuses the device; 204. The device's next poll gets access_denied (RFC 8628 §3.5).
 * Cookie-authenticated, so the Origin must be this site (DESIGN "Security rules").
 */
export const POST = apiRoute("device.deny", async (request: NextRequest) => {
  checkOrigin(request);
  const session = await requireUser(request);
  const { code } = deviceCodeQuerySchema.parse({ code: request.nextUrl.searchParams.get("code") ?? "" });
  await decideDeviceCode(code, "deny", session, requestMeta(request.headers));
  return new NextResponse(null, { status: 204 });
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
