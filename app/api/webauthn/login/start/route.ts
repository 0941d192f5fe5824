import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { ceremonyCookieName, startAuthentication } from "@/lib/auth/passkeys";
import { setCookie } from "@/lib/http/cookies";

export const dynamic = "force-dynamic";

export const GET = apiRoute("webauthn.login.start", async (request: NextRequest) => {
  const { options, cookie } = await startAuthentication(request.cookies.get(ceremonyCookieName())?.value);
  return setCookie(NextResponse.json(options, { headers: { "Cache-Control": "no-store" } }), cookie);
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
