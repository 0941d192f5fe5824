import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { endSession, sessionCookieName } from "@/lib/auth/session";
import { requestMeta } from "@/lib/http/request-meta";

export const dynamic = "force-dynamic";

/** Sign-out deletes the session row, so the cookie is dead everywhere, not just in this browser. */
export const POST = apiRoute("webauthn.logout", async (request: NextRequest) => {
  checkOrigin(request);
  await endSession(request.cookies.get(sessionCookieName())?.value, requestMeta(request.headers), "sign_out");
  const response = new NextResponse(null, { status: 204 });
  response.cookies.delete(sessionCookieName());
  return response;
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
