import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireUser } from "@/lib/auth/guards";
import { ceremonyCookieName, parseRegistrationResponse, finishRegistration } from "@/lib/auth/passkeys";
import { requestMeta } from "@/lib/http/request-meta";
import { toPasskeyDto } from "@/lib/services/passkeys/passkey-dto";

export const dynamic = "force-dynamic";

export const POST = apiRoute("webauthn.register.finish", async (request: NextRequest) => {
  checkOrigin(request);
  const session = await requireUser(request);
  const body = parseRegistrationResponse(await readJson(request));
  const credential = await finishRegistration(session.userId, request.cookies.get(ceremonyCookieName())?.value, body, requestMeta(request.headers));
  const response = NextResponse.json(toPasskeyDto(credential), { status: 201 });
  response.cookies.delete(ceremonyCookieName());
  return response;
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
