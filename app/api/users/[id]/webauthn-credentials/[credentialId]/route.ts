import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { deletePasskey } from "@/lib/services/passkeys/delete-passkey";

export const dynamic = "force-dynamic";

/** An admin revokes a user's passkey; PASSKEY_REMOVED names the admin (inventory §1.5). */
export const DELETE = apiOperation(
  {
    id: "users.webauthn-credentials.delete", method: "DELETE", path: "/api/users/{id}/webauthn-credentials/{credentialId}", tag: "Passkeys", auth: "admin",
    summary: "Revoke a user's passkey", description: "Audited as PASSKEY_REMOVED with actorUserId and actorUsername.",
    params: z.object({ id: z.string(), credentialId: z.string() }),
  },
  async ({ caller, params, meta }) => deletePasskey(params.id, params.credentialId, meta, { adminId: caller.userId, adminUsername: caller.user.username }),
);

export const { GET, HEAD, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
