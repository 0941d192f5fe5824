import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson } from "@/lib/http/api";
import { checkOrigin, requireUser } from "@/lib/auth/guards";
import { ceremonyCookieName, finishRegistration } from "@/lib/auth/passkeys";
import { requestMeta } from "@/lib/http/request-meta";
import { AppError } from "@/lib/errors";
import type { RegistrationResponseJSON } from "@simplewebauthn/server";

export const dynamic = "force-dynamic";

export const POST = apiRoute("webauthn.register.finish", async (request: NextRequest) => {
  checkOrigin(request);
  const session = await requireUser(request);
  const body = (await readJson(request)) as RegistrationResponseJSON;
  if (!body || typeof body !== "object" || typeof body.id !== "string" || typeof body.response !== "object") {
    throw new AppError("invalid_webauthn_response");
  }
  const credential = await finishRegistration(session.userId, request.cookies.get(ceremonyCookieName())?.value, body, requestMeta(request.headers));
  const response = NextResponse.json(credential, { status: 201 });
  response.cookies.delete(ceremonyCookieName());
  return response;
});
