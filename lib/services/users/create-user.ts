import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { appConfig } from "../../config/app-config";
import { writeAudit } from "../../db/audit";
import { STATIC_API_USER_ID } from "../../auth/api-key-auth";
import type { Actor } from "../transaction";
import { userCreateSchema, type UserCreateInput } from "./user-input";
import { userDto, userInclude } from "./user-dto";
import { checkGroupIds, checkUserUnique, mapUserUniqueViolation, normalizeEmail } from "./user-fields";

/**
 * An admin creates a user (inventory §1.5 POST /users, §6.1): optional declarative id, email
 * required only with requireUserEmail, emailVerified defaulting to the emailsVerified setting,
 * display name from first and last name, initial groups. Audited as USER_CREATED by the admin.
 */
export async function createUser(tx: Tx, actor: Actor, input: UserCreateInput) {
  const data = userCreateSchema.parse(input);
  const config = await appConfig();
  const email = normalizeEmail(data.email) ?? null;
  if (!email && config.requireUserEmail) {
    throw new AppError("validation_failed", "An email address is required for every user on this server.", { email: "Enter an email address" });
  }
  // The id of the synthetic STATIC_API_KEY admin: a real user holding it would be the one that key
  // acts as, never count as an admin, and be deleted at a start without STATIC_API_KEY.
  if (data.id === STATIC_API_USER_ID) {
    throw new AppError("validation_failed", "This ID is reserved for the static API key user.", { id: "This ID is reserved: choose another one" });
  }
  await checkUserUnique(tx, { username: data.username, email });
  if (data.id && (await tx.user.findUnique({ where: { id: data.id }, select: { id: true } }))) {
    throw new AppError("already_in_use", "A user with this ID already exists.", { id: "A user with this ID already exists" });
  }
  const groupIds = await checkGroupIds(tx, data.userGroupIds ?? []);
  const firstName = data.firstName ?? "";
  const lastName = data.lastName ?? "";
  try {
    const user = await tx.user.create({
      data: {
        ...(data.id ? { id: data.id } : {}),
        username: data.username,
        usernameKey: data.username.toLowerCase(),
        email,
        emailVerified: data.emailVerified ?? config.emailsVerified,
        firstName,
        lastName,
        displayName: data.displayName || `${firstName} ${lastName}`.trim(),
        isAdmin: data.isAdmin ?? false,
        locale: data.locale || null,
        disabled: data.disabled ?? false,
        groups: { create: groupIds.map((userGroupId) => ({ userGroupId })) },
      },
      include: userInclude,
    });
    await writeAudit(tx, "USER_CREATED", actor.meta, actor.userId, { userId: user.id, username: user.username, isAdmin: String(user.isAdmin) });
    return userDto(user);
  } catch (e) {
    mapUserUniqueViolation(e);
  }
}
