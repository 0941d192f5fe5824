import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { endSessions } from "../../auth/session";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { assertAnAdminRemains, lockAdmins, refuseSelf } from "./admin-guard";

/**
 * An admin deletes a user with everything that hangs on them (passkeys, sessions, tokens, consents,
 * API keys, claims, memberships: foreign keys cascade). Not oneself, never the last admin.
 * Sessions are ended through endSessions first so whatever must follow a session's end
 * (back-channel logout) happens.
 */
export async function deleteUser(tx: Tx, actor: Actor, id: string): Promise<void> {
  if (!isLookupId(id)) throw new AppError("user_not_found");
  refuseSelf(actor.userId, id, "delete");
  const user = await tx.user.findUnique({ where: { id }, select: { id: true, username: true, isAdmin: true } });
  if (!user) throw new AppError("user_not_found");
  if (user.isAdmin) await lockAdmins(tx);
  await endSessions(tx, { userId: id });
  // deleteMany: when the same delete runs twice at once, the second finds nothing to delete (404, not a 500).
  const { count } = await tx.user.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("user_not_found");
  if (user.isAdmin) await assertAnAdminRemains(tx);
  await writeAudit(tx, "USER_DELETED", actor.meta, actor.userId, { userId: id, username: user.username });
}
