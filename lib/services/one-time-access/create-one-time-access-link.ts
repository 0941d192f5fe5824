import { db } from "../../db/client";
import { AppError } from "../../errors";
import { hasControlCharacter } from "../../oidc/limits";
import type { RequestMeta } from "../../db/audit";
import { issueLoginCode, type IssuedLoginCode } from "../login-codes/issue-login-code";

/** The CLI's link lives one hour (inventory §5.1, §6.11): long enough to reach a browser, no longer. */
export const ONE_TIME_ACCESS_LINK_TTL_SECONDS = 3600;

const NO_SUCH_USER = "No user with this username or email exists.";

/**
 * Recovery for a locked-out user, typically the admin (`pocket-id one-time-access-token <user>`):
 * a one-hour, single-use login link for the user named by username (case-insensitive) or email.
 * Whoever can run the CLI can read the database anyway, so this grants nothing new; it is still
 * recorded in the user's audit log (LOGIN_CODE_CREATED, method "cli").
 */
export async function createOneTimeAccessLink(
  usernameOrEmail: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<IssuedLoginCode & { user: { id: string; username: string } }> {
  const key = usernameOrEmail.trim().toLowerCase();
  if (!key || key.length > 254 || hasControlCharacter(key)) throw new AppError("user_not_found", NO_SUCH_USER);
  const user = await db().user.findFirst({ where: { OR: [{ usernameKey: key }, { email: key }] } });
  if (!user) throw new AppError("user_not_found", NO_SUCH_USER);
  if (user.disabled) throw new AppError("user_disabled", "This account is disabled: enable it first (as another admin, or in the database), then create the link.");
  const issued = await db().$transaction((tx) =>
    issueLoginCode(tx, { userId: user.id, ttlSeconds: ONE_TIME_ACCESS_LINK_TTL_SECONDS, channel: "cli" }, meta, now),
  );
  return { ...issued, user: { id: user.id, username: user.username } };
}
