import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { deleteSession, sessionCookieName } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

/** Sign-out deletes the session row, so the cookie is dead everywhere, not just in this browser. */
export const POST = apiRoute("webauthn.logout", async (request: NextRequest) => {
  checkOrigin(request);
  await deleteSession(request.cookies.get(sessionCookieName())?.value);
  const response = new NextResponse(null, { status: 204 });
  response.cookies.delete(sessionCookieName());
  return response;
});
