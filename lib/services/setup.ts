import { z } from "zod";
import { db } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { AppError } from "../errors";
import { createSession } from "../auth/session";
import { writeAudit, type RequestMeta } from "../db/audit";
import { msg, text, usernameSchema } from "./validation";
import { STATIC_API_USER_ID } from "../auth/api-key-auth";

export const setupInputSchema = z.object({
  username: usernameSchema,
  email: text("an email address")
    .trim()
    .min(1, msg.required("an email address"))
    .max(254, msg.atMost(254))
    .pipe(z.email("Enter a valid email address, such as name@example.com")),
  firstName: text("your first name").trim().min(1, msg.required("your first name")).max(50, msg.atMost(50)),
  lastName: text("your last name").trim().max(50, msg.atMost(50)).default(""),
}, { error: "Send the fields as a JSON object" });
export type SetupInput = z.input<typeof setupInputSchema>;

const SETUP_MARKER = "setup_completed";

/** Real users: the static API user (STATIC_API_KEY) does not count (inventory §1.1). */
const REAL_USERS = { id: { not: STATIC_API_USER_ID } };

/** True while no user exists (inventory §5.1): the only time /setup is offered. */
export async function isSetupAvailable(): Promise<boolean> {
  return (await db().user.count({ where: REAL_USERS })) === 0;
}

/**
 * Creates the first user as admin and signs them in (amr ["otp"], as Pocket ID). The kv marker
 * row is inserted in the same transaction: its primary key lets exactly one of several
 * concurrent setups commit, on SQLite and PostgreSQL alike.
 */
export async function completeSetup(input: SetupInput, meta: RequestMeta) {
  const data = setupInputSchema.parse(input);
  if (!(await isSetupAvailable())) throw new AppError("setup_already_completed");
  try {
    return await db().$transaction(async (tx) => {
      if ((await tx.user.count({ where: REAL_USERS })) > 0) throw new AppError("setup_already_completed");
      await tx.kv.create({ data: { key: SETUP_MARKER, value: new Date().toISOString() } });
      const user = await tx.user.create({
        data: {
          username: data.username,
          usernameKey: data.username.toLowerCase(),
          email: data.email.toLowerCase(),
          firstName: data.firstName,
          lastName: data.lastName,
          displayName: `${data.firstName} ${data.lastName}`.trim(),
          isAdmin: true,
        },
      });
      const session = await createSession(tx, user.id, ["otp"], meta);
      await writeAudit(tx, "ACCOUNT_CREATED", meta, user.id, { method: "initial_setup" });
      return { user, cookie: session.cookie };
    });
  } catch (e) {
    if (e instanceof AppError) throw e;
    // The marker's unique key: another setup committed first.
    if (isUniqueViolation(e)) throw new AppError("setup_already_completed");
    throw e;
  }
}
