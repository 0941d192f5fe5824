import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { checkClaims, claimsSchema } from "./claim-input";

/** PUT /custom-claims/user/:userId: the user's custom claims become exactly these (§2.10). */
export async function setUserClaims(tx: Tx, actor: Actor, userId: string, input: unknown) {
  const claims = claimsSchema.parse(input);
  checkClaims(claims);
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  await lockRow(tx, "user", userId);
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, username: true } });
  if (!user) throw new AppError("user_not_found");
  await tx.userCustomClaim.deleteMany({ where: { userId } });
  // One at a time: createdAt then keeps the order the admin gave, which the DTO lists.
  for (const c of claims) await tx.userCustomClaim.create({ data: { userId, key: c.key, value: c.value } });
  await writeAudit(tx, "CUSTOM_CLAIMS_UPDATED", actor.meta, actor.userId, { userId, username: user.username, keys: claims.map((c) => c.key).join(",") });
  return claims;
}
