import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";

/** DELETE /user-groups/:id: memberships, claims and client allowances go with it (cascade). */
export async function deleteUserGroup(tx: Tx, actor: Actor, id: string): Promise<void> {
  if (!isLookupId(id)) throw new AppError("not_found", "This group does not exist (any more).");
  const g = await tx.userGroup.findUnique({ where: { id }, select: { id: true, name: true, ldapId: true } });
  if (!g) throw new AppError("not_found", "This group does not exist (any more).");
  if (g.ldapId) throw new AppError("ldap_user_group_update");
  // deleteMany: when the same delete runs twice at once, the second finds nothing to delete (404, not a 500).
  const { count } = await tx.userGroup.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("not_found", "This group does not exist (any more).");
  await writeAudit(tx, "USER_GROUP_DELETED", actor.meta, actor.userId, { userGroupId: id, name: g.name });
}
