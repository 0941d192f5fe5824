import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isUniqueViolation } from "../../db/errors";
import type { Actor } from "../transaction";
import { groupInputSchema, minimalGroupDto, type GroupInput } from "./group-dto";

export const GROUP_NAME_IN_USE = new AppError("already_in_use", "A group with this name already exists.", { name: "A group with this name already exists: choose another name" });

/** POST /user-groups: `{friendlyName, name}`, name unique (inventory §1.5). */
export async function createUserGroup(tx: Tx, actor: Actor, input: GroupInput) {
  const data = groupInputSchema.parse(input);
  if (await tx.userGroup.findUnique({ where: { name: data.name }, select: { id: true } })) throw GROUP_NAME_IN_USE;
  try {
    const g = await tx.userGroup.create({ data });
    await writeAudit(tx, "USER_GROUP_CREATED", actor.meta, actor.userId, { userGroupId: g.id, name: g.name });
    return minimalGroupDto(g, 0);
  } catch (e) {
    if (isUniqueViolation(e)) throw GROUP_NAME_IN_USE;
    throw e;
  }
}
