import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { checkClaims, claimsSchema } from "./claim-input";

/**
 * PUT /custom-claims/user-group/:userGroupId: the group's custom claims become exactly these.
 * Members get them unless they have an own claim with the same key (§2.10).
 */
export async function setUserGroupClaims(tx: Tx, actor: Actor, userGroupId: string, input: unknown) {
  const claims = claimsSchema.parse(input);
  checkClaims(claims);
  if (!isLookupId(userGroupId)) throw new AppError("not_found", "This group does not exist (any more).");
  await lockRow(tx, "userGroup", userGroupId);
  const group = await tx.userGroup.findUnique({ where: { id: userGroupId }, select: { id: true, name: true } });
  if (!group) throw new AppError("not_found", "This group does not exist (any more).");
  await tx.userGroupCustomClaim.deleteMany({ where: { userGroupId } });
  for (const c of claims) await tx.userGroupCustomClaim.create({ data: { userGroupId, key: c.key, value: c.value } });
  await writeAudit(tx, "CUSTOM_CLAIMS_UPDATED", actor.meta, actor.userId, { userGroupId, name: group.name, keys: claims.map((c) => c.key).join(",") });
  return claims;
}
