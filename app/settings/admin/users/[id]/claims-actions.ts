"use server";
import { runAction } from "@/app/settings/run-action";
import { setUserClaims } from "@/lib/services/custom-claims/set-user-claims";

const path = (id: string) => `/settings/admin/users/${encodeURIComponent(id)}`;

export async function setUserClaimsAction(userId: string, claims: { key: string; value: string }[]) {
  return runAction({ path: path(userId), message: "Custom claims saved." }, async (tx, actor) => {
    await setUserClaims(tx, actor, userId, claims);
    return undefined;
  });
}
