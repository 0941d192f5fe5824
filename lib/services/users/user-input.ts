import { z } from "zod";
import { msg, text, usernameSchema } from "../validation";

const email = text("an email address")
  .trim()
  .max(254, msg.atMost(254))
  .pipe(z.email("Enter a valid email address, such as name@example.com"));
const name = (what: string, max: number) => text(what).trim().max(max, msg.atMost(max));
/** BCP 47-ish locale tag as Pocket ID's language picker stores it ("en", "de-CH"). */
const locale = text("a locale")
  .trim()
  .max(20, msg.atMost(20))
  .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "Use a language tag such as en or de-CH");

/**
 * Admin input for a user (inventory §1.5 POST /users, §5.6). `email` may be null or "" when
 * requireUserEmail is off (the service decides, since it is a setting).
 */
export const userCreateSchema = z
  .object({
    id: z.uuid("Use a UUID such as 5f0c8d9e-1a2b-4c3d-9e8f-0123456789ab").optional(),
    username: usernameSchema,
    email: z.union([email, z.literal(""), z.null()]).optional(),
    emailVerified: z.boolean().optional(),
    firstName: name("a first name", 50).optional(),
    lastName: name("a last name", 50).optional(),
    displayName: name("a display name", 100).optional(),
    isAdmin: z.boolean().optional(),
    locale: z.union([locale, z.literal(""), z.null()]).optional(),
    disabled: z.boolean().optional(),
    userGroupIds: z.array(z.string().max(256)).max(1000).optional(),
  }, { error: "Send the user as a JSON object" })
  .strict();
export type UserCreateInput = z.input<typeof userCreateSchema>;

/** PUT /users/:id: the same fields; a field left out keeps its value. */
export const userUpdateSchema = userCreateSchema.omit({ id: true, userGroupIds: true }).partial();
export type UserUpdateInput = z.input<typeof userUpdateSchema>;

/** PUT /users/:id/user-groups. */
export const userGroupIdsSchema = z.object({ userGroupIds: z.array(z.string().max(256)).max(1000) }, { error: "Send { userGroupIds: [...] }" }).strict();
