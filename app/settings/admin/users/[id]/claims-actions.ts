"use server";
import { pathFor, runAction, runGuarded } from "@/app/settings/run-action";
import { deletePasskey } from "@/lib/services/passkeys/delete-passkey";
import { setUserClaims } from "@/lib/services/custom-claims/set-user-claims";

const path = (id: string) => pathFor("/settings/admin/users", id);

export async function setUserClaimsAction(userId: string, claims: { key: string; value: string }[]) {
  return runAction({ path: path(userId), message: "Custom claims saved." }, async (tx, actor) => {
    await setUserClaims(tx, actor, userId, claims);
    return undefined;
  });
}

/** An admin revokes another user's passkey; PASSKEY_REMOVED names the acting admin (inventory §1.5). */
export async function revokeUserPasskeyAction(userId: string, passkeyId: string) {
  return runGuarded({ path: path(userId), message: "Passkey revoked." }, async (actor, session) => {
    await deletePasskey(userId, passkeyId, actor.meta, { adminId: session.userId, adminUsername: session.user.username });
    return undefined;
  });
}
