import { z } from "zod";
import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import type { Actor } from "../transaction";
import { userUpdateSchema, type UserUpdateInput } from "../users/user-input";
import { updateUser } from "../users/update-user";
import { getUser } from "../users/get-user";
import { normalizeEmail } from "../users/user-fields";
import { ownAccountPolicy, refuseLockedAccount } from "./own-account-policy";

/**
 * PUT /api/users/me (inventory §1.5, §5.6): the fields of Pocket ID's user form. `isAdmin`,
 * `emailVerified` and `disabled` are accepted so that a client can send the user DTO back as it
 * got it, but only unchanged: nobody grants themself admin rights or verifies their own email.
 */
export const ownAccountUpdateSchema = userUpdateSchema
  .pick({ username: true, email: true, firstName: true, lastName: true, displayName: true, locale: true, isAdmin: true, emailVerified: true, disabled: true })
  .extend({
    // Other read-only fields of the DTO a client may echo back: ignored.
    id: z.unknown().optional(),
    ldapId: z.unknown().optional(),
    createdAt: z.unknown().optional(),
    customClaims: z.unknown().optional(),
    userGroups: z.unknown().optional(),
  })
  .strict();
export type OwnAccountUpdateInput = z.input<typeof ownAccountUpdateSchema>;

const PROFILE_FIELDS = ["username", "email", "firstName", "lastName", "displayName"] as const;

/**
 * The signed-in user edits their own profile. The language may always be changed; the other
 * fields only when ownAccountPolicy allows it. A request that would change one of them on a
 * locked account is refused as a whole (`forbidden` / `ldap_user_update`) rather than partly
 * applied and answered 200, as Pocket ID 2.14 does, so no client believes an edit was saved.
 * Fields sent with their current value count as unchanged. The change itself, its uniqueness
 * checks and its USER_UPDATED audit row are update-user's.
 */
export async function updateOwnAccount(tx: Tx, actor: Actor, input: OwnAccountUpdateInput) {
  const data = ownAccountUpdateSchema.parse(input);
  const current = await tx.user.findUnique({ where: { id: actor.userId } });
  if (!current) throw new AppError("user_not_found");

  for (const key of ["isAdmin", "emailVerified", "disabled"] as const) {
    if (data[key] !== undefined && data[key] !== current[key]) {
      throw new AppError("forbidden", "You cannot change your own admin rights, email verification or disabled state: ask an administrator.", { reason: "self", [key]: "This field can only be changed by an administrator" });
    }
  }
  const changed: UserUpdateInput = {};
  for (const key of PROFILE_FIELDS) {
    const value = key === "email" ? normalizeEmail(data.email) : data[key];
    if (value === undefined) continue;
    const before = key === "username" ? current.username : current[key];
    if (value !== before) Object.assign(changed, { [key]: value });
  }
  const locale = data.locale === undefined ? undefined : data.locale || null;
  const localeChanged = locale !== undefined && locale !== current.locale;

  const profileChanged = Object.keys(changed).length > 0;
  if (profileChanged) refuseLockedAccount(await ownAccountPolicy(current));
  if (!profileChanged && !localeChanged) return getUser(current.id, tx);
  // A display name sent along stays as sent: update-user would otherwise derive it from a changed
  // first or last name and overwrite one the user chose.
  if (profileChanged && data.displayName !== undefined) changed.displayName = data.displayName;
  return updateUser(tx, actor, current.id, { ...changed, ...(localeChanged ? { locale } : {}) });
}
