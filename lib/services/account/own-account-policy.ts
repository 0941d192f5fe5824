import { db, type Tx } from "../../db/client";
import { appConfig } from "../../config/app-config";
import { AppError } from "../../errors";

export type OwnAccountLock = "ldap" | "edit_not_allowed" | null;

export interface OwnAccountPolicy {
  /** Username, email, names and picture may be changed by the user themself. */
  editable: boolean;
  lock: OwnAccountLock;
  /** Why not, as the account page says it. */
  reason: string | null;
}

const REASONS: Record<Exclude<OwnAccountLock, null>, string> = {
  ldap: "Your account is managed by your organisation's directory (LDAP): change your details there, or ask your administrator.",
  edit_not_allowed: "Your administrator does not allow changing your own account details. Ask an administrator to change them for you.",
};

/**
 * Whether a user may change their own profile (inventory §5.6, §5.7): not while the application
 * configuration's allowOwnAccountEdit is off, and not for an LDAP-managed user while LDAP is on
 * (the next sync would overwrite the change). The language stays the user's choice either way.
 */
export async function ownAccountPolicy(user: { ldapId: string | null }): Promise<OwnAccountPolicy> {
  const config = await appConfig();
  const lock: OwnAccountLock = config.ldapEnabled && user.ldapId ? "ldap" : !config.allowOwnAccountEdit ? "edit_not_allowed" : null;
  return { editable: lock === null, lock, reason: lock ? REASONS[lock] : null };
}

/**
 * The refusal for a locked account: `ldap_user_update` for LDAP-managed users, `forbidden` with
 * `details.reason = "account_edit_not_allowed"` (Pocket ID's AccountEditNotAllowedError) otherwise.
 */
export function refuseLockedAccount(policy: OwnAccountPolicy): void {
  if (policy.lock === "ldap") throw new AppError("ldap_user_update", policy.reason!);
  if (policy.lock === "edit_not_allowed") throw new AppError("forbidden", policy.reason!, { reason: "account_edit_not_allowed" });
}

/** For own-account changes outside PUT /users/me (the profile picture): refuses when the account is locked. */
export async function checkOwnAccountEditable(userId: string, tx: Tx = db()): Promise<void> {
  const user = await tx.user.findUnique({ where: { id: userId }, select: { ldapId: true } });
  if (!user) throw new AppError("user_not_found");
  refuseLockedAccount(await ownAccountPolicy(user));
}
