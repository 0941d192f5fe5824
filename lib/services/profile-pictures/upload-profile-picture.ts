import { db } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { transaction, type Actor } from "../transaction";
import { checkOwnAccountEditable } from "../account/own-account-policy";
import { processProfilePicture } from "./process-profile-picture";
import { setProfilePicture } from "./set-profile-picture";

/**
 * PUT /users/me/profile-picture and (admin) /users/:id/profile-picture: checks first (the user
 * exists; for one's own picture, that the account is not locked), then processes the image
 * outside any transaction, then stores it with its audit row.
 */
export async function uploadProfilePicture(actor: Actor, userId: string, bytes: Uint8Array, opts: { own: boolean; actorUsername?: string }): Promise<{ tag: string }> {
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  if (opts.own) await checkOwnAccountEditable(userId);
  else if (!(await db().user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new AppError("user_not_found");
  const picture = await processProfilePicture(bytes);
  return transaction((tx) => setProfilePicture(tx, actor, userId, picture, opts.actorUsername));
}
