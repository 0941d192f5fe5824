import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { appConfig } from "../../config/app-config";
import { writeAudit } from "../../db/audit";
import { endSessions } from "../../auth/session";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { userUpdateSchema, type UserUpdateInput } from "./user-input";
import { userDto, userInclude } from "./user-dto";
import { checkUserUnique, mapUserUniqueViolation, normalizeEmail } from "./user-fields";
import { assertAnAdminRemains, lockAdmins, refuseSelf } from "./admin-guard";

/**
 * An admin edits a user (inventory §1.5 PUT /users/:id, §5.6). Fields left out keep their value.
 * A changed email resets emailVerified to the emailsVerified setting unless the request says
 * otherwise. Guards (issue 7, enforced here inside the transaction): an admin cannot demote or
 * disable themself, and the last enabled admin cannot be demoted or disabled. Disabling ends the
 * user's sessions in the same transaction.
 */
export async function updateUser(tx: Tx, actor: Actor, id: string, input: UserUpdateInput) {
  const parsed = userUpdateSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("user_not_found");
  const current = await tx.user.findUnique({ where: { id } });
  if (!current) throw new AppError("user_not_found");
  const config = await appConfig();
  // §5.6: while LDAP is on, the directory owns an LDAP user's fields; only the locale is ours.
  // Other fields are ignored, as Pocket ID does (the next sync would overwrite them anyway).
  const data: typeof parsed = config.ldapEnabled && current.ldapId ? (parsed.locale === undefined ? {} : { locale: parsed.locale }) : parsed;

  const demotes = current.isAdmin && data.isAdmin === false;
  const disables = !current.disabled && data.disabled === true;
  if (demotes) refuseSelf(actor.userId, id, "demote");
  if (disables) refuseSelf(actor.userId, id, "disable");
  if (current.isAdmin && (demotes || disables)) await lockAdmins(tx);

  const email = normalizeEmail(data.email);
  if (email === null && config.requireUserEmail) {
    throw new AppError("validation_failed", "An email address is required for every user on this server.", { email: "Enter an email address" });
  }
  const usernameChanged = data.username !== undefined && data.username !== current.username;
  const emailChanged = email !== undefined && email !== current.email;
  await checkUserUnique(tx, { username: usernameChanged ? data.username : undefined, email: emailChanged ? email : undefined }, id);

  const firstName = data.firstName ?? current.firstName;
  const lastName = data.lastName ?? current.lastName;
  const nameChanged = data.firstName !== undefined || data.lastName !== undefined;
  let user;
  try {
    user = await tx.user.update({
      where: { id },
      data: {
        ...(usernameChanged ? { username: data.username, usernameKey: data.username!.toLowerCase() } : {}),
        ...(emailChanged ? { email, emailVerified: data.emailVerified ?? config.emailsVerified } : {}),
        ...(!emailChanged && data.emailVerified !== undefined ? { emailVerified: data.emailVerified } : {}),
        firstName,
        lastName,
        // An explicit display name wins; otherwise it follows a changed first/last name (§6.1).
        ...(data.displayName ? { displayName: data.displayName } : nameChanged ? { displayName: `${firstName} ${lastName}`.trim() } : {}),
        ...(data.isAdmin !== undefined ? { isAdmin: data.isAdmin } : {}),
        ...(data.disabled !== undefined ? { disabled: data.disabled } : {}),
        ...(data.locale !== undefined ? { locale: data.locale || null } : {}),
      },
      include: userInclude,
    });
  } catch (e) {
    mapUserUniqueViolation(e);
  }
  if (current.isAdmin && (demotes || disables)) await assertAnAdminRemains(tx);
  if (disables) await endSessions(tx, { userId: id });

  const changed = Object.keys(data).filter((k) => (data as Record<string, unknown>)[k] !== (current as Record<string, unknown>)[k]);
  const audit = { userId: id, username: user.username, changed: changed.join(",") };
  if (disables) await writeAudit(tx, "USER_DISABLED", actor.meta, actor.userId, audit);
  else if (current.disabled && data.disabled === false) await writeAudit(tx, "USER_ENABLED", actor.meta, actor.userId, audit);
  if (changed.some((k) => k !== "disabled")) await writeAudit(tx, "USER_UPDATED", actor.meta, actor.userId, audit);
  return userDto(user);
}
