import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/http/api";
import { startAuthentication } from "@/lib/auth/passkeys";
import { setCookie } from "@/lib/http/cookies";

export const dynamic = "force-dynamic";

export const GET = apiRoute("webauthn.login.start", async () => {
  const { options, cookie } = await startAuthentication();
  return setCookie(NextResponse.json(options, { headers: { "Cache-Control": "no-store" } }), cookie);
});
