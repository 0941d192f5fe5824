import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { userIdsSchema } from "./group-dto";
import { getUserGroup } from "./get-user-group";

/** PUT /user-groups/:id/users: the group's members become exactly these users. */
export async function setUserGroupMembers(tx: Tx, actor: Actor, id: string, input: unknown) {
  const { userIds } = userIdsSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", "This group does not exist (any more).");
  await lockRow(tx, "userGroup", id);
  const g = await tx.userGroup.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!g) throw new AppError("not_found", "This group does not exist (any more).");
  const ids = [...new Set(userIds)];
  const found = await tx.user.findMany({ where: { id: { in: ids } }, select: { id: true } });
  if (found.length !== ids.length) {
    const known = new Set(found.map((u) => u.id));
    throw new AppError("validation_failed", "Some of these users do not exist.", { userIds: `Unknown user: ${ids.filter((u) => !known.has(u)).join(", ")}` });
  }
  await tx.userGroupMember.deleteMany({ where: { userGroupId: id, userId: { notIn: ids } } });
  const have = new Set((await tx.userGroupMember.findMany({ where: { userGroupId: id }, select: { userId: true } })).map((m) => m.userId));
  const add = ids.filter((u) => !have.has(u));
  if (add.length) await tx.userGroupMember.createMany({ data: add.map((userId) => ({ userId, userGroupId: id })) });
  await writeAudit(tx, "USER_GROUP_MEMBERS_UPDATED", actor.meta, actor.userId, { userGroupId: id, name: g.name, userCount: String(ids.length) });
  return getUserGroup(id, tx);
}
