import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { userGroupIdsSchema } from "./user-input";
import { checkGroupIds } from "./user-fields";
import { userDto, userInclude } from "./user-dto";

/** PUT /users/:id/user-groups: replaces the user's memberships with exactly these groups. */
export async function setUserGroups(tx: Tx, actor: Actor, id: string, input: unknown) {
  const { userGroupIds } = userGroupIdsSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("user_not_found");
  await lockRow(tx, "user", id);
  const user = await tx.user.findUnique({ where: { id }, select: { id: true, username: true } });
  if (!user) throw new AppError("user_not_found");
  const ids = await checkGroupIds(tx, userGroupIds);
  await tx.userGroupMember.deleteMany({ where: { userId: id, userGroupId: { notIn: ids } } });
  const existing = await tx.userGroupMember.findMany({ where: { userId: id }, select: { userGroupId: true } });
  const have = new Set(existing.map((m) => m.userGroupId));
  const add = ids.filter((g) => !have.has(g));
  if (add.length) await tx.userGroupMember.createMany({ data: add.map((userGroupId) => ({ userId: id, userGroupId })) });
  await writeAudit(tx, "USER_GROUPS_UPDATED", actor.meta, actor.userId, { userId: id, username: user.username, userGroupIds: ids.join(",") });
  return userDto(await tx.user.findUniqueOrThrow({ where: { id }, include: userInclude }));
}
