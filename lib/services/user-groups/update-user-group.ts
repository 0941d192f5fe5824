import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isUniqueViolation } from "../../db/errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { groupInputSchema, minimalGroupDto, type GroupInput } from "./group-dto";
import { GROUP_NAME_IN_USE } from "./create-user-group";

/** PUT /user-groups/:id: rename (display name and claim name). */
export async function updateUserGroup(tx: Tx, actor: Actor, id: string, input: GroupInput) {
  const data = groupInputSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", "This group does not exist (any more).");
  const current = await tx.userGroup.findUnique({ where: { id } });
  if (!current) throw new AppError("not_found", "This group does not exist (any more).");
  if (current.ldapId) throw new AppError("ldap_user_group_update");
  if (data.name !== current.name && (await tx.userGroup.findUnique({ where: { name: data.name }, select: { id: true } }))) throw GROUP_NAME_IN_USE;
  try {
    const g = await tx.userGroup.update({ where: { id }, data, include: { _count: { select: { members: true } } } });
    await writeAudit(tx, "USER_GROUP_UPDATED", actor.meta, actor.userId, { userGroupId: id, name: g.name, previousName: current.name });
    return minimalGroupDto(g, g._count.members);
  } catch (e) {
    if (isUniqueViolation(e)) throw GROUP_NAME_IN_USE;
    throw e;
  }
}
