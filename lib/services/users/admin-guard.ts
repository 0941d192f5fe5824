import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { STATIC_API_USER_ID } from "../../auth/api-key-auth";

const LOCK_KEY = "lock:admins";

/**
 * Serialises every change that can take admin rights away. On PostgreSQL under READ COMMITTED two
 * transactions demoting two different admins would each still count the other and both commit,
 * leaving none; writing one shared row first makes the second wait for the first to commit, and
 * its count (a new statement, so a new snapshot) then sees the first change. SQLite runs one
 * transaction at a time anyway. Prisma runs this upsert as one INSERT ... ON CONFLICT DO UPDATE,
 * so two first-ever uses cannot both insert.
 */
export async function lockAdmins(tx: Tx): Promise<void> {
  const now = new Date().toISOString();
  await tx.kv.upsert({ where: { key: LOCK_KEY }, create: { key: LOCK_KEY, value: now }, update: { value: now } });
}

/** Inside the transaction, after the change: at least one enabled admin who can sign in remains. */
export async function assertAnAdminRemains(tx: Tx): Promise<void> {
  const admins = await tx.user.count({ where: { isAdmin: true, disabled: false, id: { not: STATIC_API_USER_ID } } });
  if (admins === 0) {
    throw new AppError("forbidden", "This is the last admin: make another user an admin first.", { reason: "last_admin" });
  }
}

/** The acting admin may not take their own admin rights away (issue 7 item 1). */
export function refuseSelf(actorId: string, targetId: string, what: "demote" | "disable" | "delete"): void {
  if (actorId !== targetId) return;
  const sentence = {
    demote: "You cannot remove your own admin rights: ask another admin to do it.",
    disable: "You cannot disable your own account: ask another admin to do it.",
    delete: "You cannot delete your own account here: ask another admin to do it.",
  }[what];
  throw new AppError("forbidden", sentence, { reason: "self" });
}
