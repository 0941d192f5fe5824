import { db } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { safeEqual, sha256Hex } from "../../crypto/hash";
import { createSession, type CookieSpec, type SessionUser } from "../../auth/session";
import { checkRateLimit, checkRateLimitFor, RATE_POLICIES } from "../../auth/rate-limit";
import { loginCodeHash, normaliseLoginCode } from "./login-code-format";

/**
 * Exchanges a login code for a session (inventory §1.5 POST /one-time-access-token/:token, §5.4).
 * Rate limited per address and per code before anything is looked up. The code row is deleted in
 * the same transaction that creates the session and writes TOKEN_SIGN_IN (DESIGN rules 6, 7): of
 * two concurrent exchanges exactly one deletes it, the other is refused. The session carries
 * amr ["otp"], so it never counts as a passkey re-authentication (lib/oidc/authorize.ts
 * evaluateRequirements accepts only "phr").
 */
export async function signInWithLoginCode(
  rawCode: string,
  meta: RequestMeta,
  options: { deviceToken?: string | null } = {},
  now = new Date(),
): Promise<{ user: SessionUser; cookie: CookieSpec }> {
  await checkRateLimit(RATE_POLICIES.oneTimeAccessToken, meta.ip);
  const code = normaliseLoginCode(rawCode);
  if (!code) throw new AppError("token_invalid_or_expired");
  const hash = loginCodeHash(code);
  await checkRateLimitFor(RATE_POLICIES.loginCodePerCode, hash);
  return db().$transaction(async (tx) => {
    const row = await tx.loginCode.findUnique({
      where: { codeHash: hash },
      include: {
        user: { select: { id: true, username: true, email: true, firstName: true, lastName: true, displayName: true, isAdmin: true, disabled: true } },
      },
    });
    if (!row || row.expiresAt <= now) throw new AppError("token_invalid_or_expired");
    // A code sent by email to whoever typed an address works only in the browser that asked.
    if (row.deviceTokenHash && !(options.deviceToken && safeEqual(sha256Hex(options.deviceToken), row.deviceTokenHash))) {
      throw new AppError("token_invalid_or_expired");
    }
    if (row.user.disabled) throw new AppError("user_disabled");
    const { count } = await tx.loginCode.deleteMany({ where: { id: row.id } });
    if (count !== 1) throw new AppError("token_invalid_or_expired");
    const session = await createSession(tx, row.userId, ["otp"], meta, now);
    await writeAudit(tx, "TOKEN_SIGN_IN", meta, row.userId, { method: row.channel === "cli" ? "one_time_link" : "login_code" });
    return { user: row.user, cookie: session.cookie };
  });
}
