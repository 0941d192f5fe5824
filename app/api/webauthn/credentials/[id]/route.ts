import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireUser } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/request-meta";
import { renamePasskey } from "@/lib/services/passkeys/rename-passkey";
import { deletePasskey } from "@/lib/services/passkeys/delete-passkey";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string }> };

/** Rename one of the caller's passkeys: `{ name }`, 1-50 characters (inventory §1.5). */
export const PATCH = apiRoute("webauthn.credentials.rename", async (request: NextRequest, { params }: Ctx) => {
  checkOrigin(request);
  const session = await requireUser(request);
  const body = await readJson(request);
  return NextResponse.json(await renamePasskey(session.userId, (await params).id, body));
});

/** Delete one of the caller's passkeys; audit PASSKEY_REMOVED (inventory §1.5). */
export const DELETE = apiRoute("webauthn.credentials.delete", async (request: NextRequest, { params }: Ctx) => {
  checkOrigin(request);
  const session = await requireUser(request);
  await deletePasskey(session.userId, (await params).id, requestMeta(request.headers));
  return new NextResponse(null, { status: 204 });
});

export const { GET, HEAD, POST, PUT } = methodNotAllowed(["PATCH", "DELETE"]);
