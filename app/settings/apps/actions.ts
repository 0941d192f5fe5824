"use server";
import { runAction } from "@/app/settings/run-action";
import { revokeAuthorizedClient } from "@/lib/services/my-apps/revoke-authorized-client";

/** Revoke an app from My Apps: the consent and the user's tokens for it (inventory §2.4). */
export async function revokeAppAction(clientId: string) {
  return runAction({ path: "/settings/apps", admin: false, message: "Access revoked. The app has to ask you again next time." }, async (tx, actor) => {
    await revokeAuthorizedClient(tx, actor.userId, clientId, actor.meta);
    return undefined;
  });
}
