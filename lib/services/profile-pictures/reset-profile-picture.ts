import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { pictureAuditData } from "./picture-audit";

/** Back to the generated avatar (DELETE .../profile-picture); PROFILE_PICTURE_RESET only when there was one. */
export async function resetProfilePicture(tx: Tx, actor: Actor, userId: string, actorUsername?: string): Promise<void> {
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new AppError("user_not_found");
  const { count } = await tx.userProfilePicture.deleteMany({ where: { userId } });
  if (count > 0) await writeAudit(tx, "PROFILE_PICTURE_RESET", actor.meta, userId, pictureAuditData(actor, userId, actorUsername));
}
