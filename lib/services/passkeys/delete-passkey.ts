import { db } from "../../db/client";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";

export interface PasskeyActor {
  /** The admin who revokes another user's passkey; absent when users delete their own. */
  adminId?: string;
  adminUsername?: string;
}

/**
 * Deletes a passkey of `userId` and writes PASSKEY_REMOVED in the same transaction, naming the
 * acting admin when it is an admin's revocation (inventory §1.5, Pocket ID 2.6). Deleting the last
 * one is allowed, as in Pocket ID: the account page asks for an explicit confirmation first. A
 * passkey of another user is "not found".
 */
export async function deletePasskey(userId: string, id: string, meta: RequestMeta, actor: PasskeyActor = {}): Promise<void> {
  if (!isLookupId(id) || !isLookupId(userId)) throw new AppError("not_found");
  await db().$transaction(async (tx) => {
    const row = await tx.webauthnCredential.findFirst({ where: { id, userId }, select: { id: true, name: true, aaguid: true } });
    if (!row) throw new AppError("not_found");
    // Conditional: a concurrent delete of the same passkey (PostgreSQL) is a 404, not a 500.
    const { count } = await tx.webauthnCredential.deleteMany({ where: { id: row.id } });
    if (count !== 1) throw new AppError("not_found");
    const data: Record<string, string> = { passkeyName: row.name, aaguid: row.aaguid };
    if (actor.adminId) {
      data.actorUserId = actor.adminId;
      if (actor.adminUsername) data.actorUsername = actor.adminUsername;
    }
    await writeAudit(tx, "PASSKEY_REMOVED", meta, userId, data);
  });
}
