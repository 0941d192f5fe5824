import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { requireUser } from "@/lib/auth/guards";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";

export const dynamic = "force-dynamic";

/** The caller's own passkeys (inventory §1.5 GET /api/webauthn/credentials). */
export const GET = apiRoute("webauthn.credentials.list", async (request: NextRequest) => {
  const session = await requireUser(request);
  return NextResponse.json(await listPasskeys(session.userId), { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
