import { db } from "../../db/client";
import { AppError } from "../../errors";
import type { RequestMeta } from "../../db/audit";
import { checkRateLimit, checkRateLimitFor, RATE_POLICIES } from "../../auth/rate-limit";
import { describeUserAgent } from "../../http/user-agent";
import { deviceLoginCodeHash, normaliseDeviceLoginCode } from "./device-login-code";

export interface DeviceLoginVerification {
  userCode: string;
  /** "Chrome on Windows": the browser that asks to be signed in. */
  device: string;
  ipAddress: string | null;
  country: string | null;
  city: string | null;
  expiresAt: string;
}

/**
 * The pending request behind a user code, rate limited per address (1 per 10 s, burst 5) and per
 * code (10 tries, then one per 30 s) before any lookup (DESIGN: low-entropy secrets). A code that
 * is unknown, expired or already decided is device_login_expired, so a guesser learns nothing
 * more than "no".
 */
export async function findPendingDeviceLogin(rawCode: unknown, meta: RequestMeta, now = new Date()) {
  await checkRateLimit(RATE_POLICIES.deviceLoginVerification, meta.ip);
  const code = normaliseDeviceLoginCode(rawCode);
  if (!code) throw new AppError("device_login_expired", "This code is not valid. Check the code shown on the other device and try again.");
  const codeHash = deviceLoginCodeHash(code);
  await checkRateLimitFor(RATE_POLICIES.deviceLoginPerCode, codeHash);
  const row = await db().deviceLoginRequest.findUnique({ where: { codeHash } });
  if (!row || row.status !== "pending" || row.expiresAt <= now) throw new AppError("device_login_expired");
  return { code, row };
}

/** What the approving person sees before deciding (inventory §1.5 POST /device-login/verification). */
export async function getDeviceLoginVerification(rawCode: unknown, meta: RequestMeta, now = new Date()): Promise<DeviceLoginVerification> {
  const { code, row } = await findPendingDeviceLogin(rawCode, meta, now);
  return {
    userCode: code,
    device: describeUserAgent(row.userAgent).label,
    ipAddress: row.ipAddress,
    country: null,
    city: null,
    expiresAt: row.expiresAt.toISOString(),
  };
}
