import { db } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { safeEqual, sha256Hex } from "../../crypto/hash";
import { createSession, type CookieSpec, type SessionUser } from "../../auth/session";
import { checkRateLimit, RATE_POLICIES } from "../../auth/rate-limit";
import { isLookupId } from "../validation";

/** Pocket ID's long-poll bound (inventory §1.5: "long-poll up to 25 s"). */
export const DEVICE_LOGIN_LONG_POLL_MS = 25_000;
/** How often a waiting exchange looks at the row again: the state is in the database, so any replica answers. */
const RECHECK_MS = 1_000;

export type DeviceLoginExchange = { status: "pending" } | { status: "approved"; user: SessionUser; cookie: CookieSpec };

const USER_SELECT = { id: true, username: true, email: true, firstName: true, lastName: true, displayName: true, isAdmin: true, disabled: true } as const;

/**
 * The waiting device asks whether its request was decided (inventory §1.5 POST
 * /device-login/requests/:id/exchange). Only the browser holding the polling token (HttpOnly
 * cookie, compared by hash in constant time) may ask. The answer waits up to `waitMs` for a
 * decision, re-reading the row each second, so the other device's approval reaches it from any
 * replica. An approved request is consumed by a conditional update in the same transaction that
 * creates the session (amr ["otp"]: never a passkey re-authentication) and writes
 * REMOTE_SIGN_IN, so two polls can never both get a session. Denied → device_login_denied;
 * expired, used or unknown → device_login_expired.
 */
export async function exchangeDeviceLoginRequest(
  id: string,
  pollToken: string | null | undefined,
  meta: RequestMeta,
  options: { waitMs?: number; signal?: AbortSignal } = {},
): Promise<DeviceLoginExchange> {
  await checkRateLimit(RATE_POLICIES.deviceLoginExchange, meta.ip);
  if (!isLookupId(id) || !pollToken || pollToken.length > 200) throw new AppError("device_login_expired");
  const tokenHash = sha256Hex(pollToken);
  const deadline = Date.now() + (options.waitMs ?? DEVICE_LOGIN_LONG_POLL_MS);
  for (;;) {
    const now = new Date();
    const row = await db().deviceLoginRequest.findUnique({ where: { id } });
    if (!row || !safeEqual(row.pollTokenHash, tokenHash) || row.expiresAt <= now || row.status === "consumed") {
      throw new AppError("device_login_expired");
    }
    if (row.status === "denied") {
      await db().deviceLoginRequest.deleteMany({ where: { id } });
      throw new AppError("device_login_denied");
    }
    if (row.status === "approved" && row.userId) return consume(row.id, row.userId, meta, now);
    if (Date.now() + RECHECK_MS > deadline || options.signal?.aborted) return { status: "pending" };
    await new Promise((resolve) => setTimeout(resolve, RECHECK_MS));
  }
}

async function consume(id: string, userId: string, meta: RequestMeta, now: Date): Promise<DeviceLoginExchange> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.deviceLoginRequest.updateMany({ where: { id, status: "approved", expiresAt: { gt: now } }, data: { status: "consumed" } });
    if (count !== 1) throw new AppError("device_login_expired");
    const user = await tx.user.findUnique({ where: { id: userId }, select: USER_SELECT });
    if (!user) throw new AppError("device_login_expired");
    if (user.disabled) throw new AppError("user_disabled");
    const session = await createSession(tx, userId, ["otp"], meta, now);
    await writeAudit(tx, "REMOTE_SIGN_IN", meta, userId, { method: "qr_code" });
    return { status: "approved" as const, user, cookie: session.cookie };
  });
}
