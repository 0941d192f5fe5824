import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { requireAdmin } from "@/lib/auth/guards";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

/** An admin lists another user's passkeys (inventory §1.5, Pocket ID 2.6). */
export const GET = apiRoute("users.webauthn-credentials.list", async (request: NextRequest, { params }: Ctx) => {
  await requireAdmin(request);
  return NextResponse.json(await listPasskeys((await params).id), { headers: { "Cache-Control": "no-store" } });
});

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
