import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { renamePasskey, renamePasskeySchema } from "@/lib/services/passkeys/rename-passkey";
import { deletePasskey } from "@/lib/services/passkeys/delete-passkey";

export const dynamic = "force-dynamic";

/** Rename one of the caller's passkeys: `{ name }`, 1-50 characters (inventory §1.5). */
export const PATCH = apiOperation(
  {
    id: "webauthn.credentials.rename", method: "PATCH", path: "/api/webauthn/credentials/{id}", tag: "Passkeys", auth: "user",
    summary: "Rename one of your passkeys", description: "1 to 50 characters after trimming. Another user's passkey is 404.",
    params: idParams, body: renamePasskeySchema,
  },
  async ({ caller, params, body }) => renamePasskey(caller.userId, params.id, body),
);

/** Delete one of the caller's passkeys; audit PASSKEY_REMOVED (inventory §1.5). */
export const DELETE = apiOperation(
  {
    id: "webauthn.credentials.delete", method: "DELETE", path: "/api/webauthn/credentials/{id}", tag: "Passkeys", auth: "user",
    summary: "Delete one of your passkeys", description: "Deleting the last one is allowed, as in Pocket ID; the account page warns first.", params: idParams,
  },
  async ({ caller, params, meta }) => deletePasskey(caller.userId, params.id, meta),
);

export const { GET, HEAD, POST, PUT } = methodNotAllowed(["PATCH", "DELETE"]);
