import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireAdmin } from "@/lib/auth/guards";
import { requestMeta } from "@/lib/http/request-meta";
import { deletePasskey } from "@/lib/services/passkeys/delete-passkey";

export const dynamic = "force-dynamic";
type Ctx = { params: Promise<{ id: string; credentialId: string }> };

/** An admin revokes a user's passkey; PASSKEY_REMOVED names the admin (inventory §1.5). */
export const DELETE = apiRoute("users.webauthn-credentials.delete", async (request: NextRequest, { params }: Ctx) => {
  checkOrigin(request);
  const admin = await requireAdmin(request);
  const { id, credentialId } = await params;
  await deletePasskey(id, credentialId, requestMeta(request.headers), { adminId: admin.userId, adminUsername: admin.user.username });
  return new NextResponse(null, { status: 204 });
});

export const { GET, HEAD, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
