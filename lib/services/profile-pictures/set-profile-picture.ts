import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { pictureAuditData } from "./picture-audit";
import type { ProcessedPicture } from "./process-profile-picture";

/**
 * Stores a processed picture (see processProfilePicture, which runs before the transaction: it
 * is CPU work that must not hold one open) and writes PROFILE_PICTURE_UPDATED on the owner's
 * audit trail in the same transaction. Who may do it is the route's decision.
 */
export async function setProfilePicture(tx: Tx, actor: Actor, userId: string, picture: ProcessedPicture, actorUsername?: string): Promise<{ tag: string }> {
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new AppError("user_not_found");
  const data = new Uint8Array(picture.png);
  await tx.userProfilePicture.upsert({
    where: { userId },
    create: { userId, data, sha256: picture.sha256 },
    update: { data, sha256: picture.sha256 },
  });
  await writeAudit(tx, "PROFILE_PICTURE_UPDATED", actor.meta, userId, pictureAuditData(actor, userId, actorUsername));
  return { tag: picture.sha256 };
}

