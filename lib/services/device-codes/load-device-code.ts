import { db } from "../../db/client";
import { toDeviceCodeRecord } from "../../db/oidc-store";
import { normaliseUserCode, userCodeHash } from "../../oidc/device";
import type { DeviceCodeRecord } from "../../oidc/store";
import { checkRateLimit, checkRateLimitFor, RATE_POLICIES } from "../../auth/rate-limit";
import type { RequestMeta } from "../../db/audit";

/**
 * The device code a person typed at /device, after the rate limits (RFC 8628 §5.1: user codes are
 * low-entropy, so lookups are limited per address and per signed-in user, in the database so all
 * replicas count together). Null when the text cannot be a code or no code has it. Never inside a
 * transaction: the rate limiter writes through db() (SQLite would wait on the transaction).
 */
export async function loadDeviceCodeByUserCode(input: string, userId: string, meta: RequestMeta): Promise<{ record: DeviceCodeRecord; userCode: string } | null> {
  const userCode = normaliseUserCode(input);
  await checkRateLimit(RATE_POLICIES.deviceUserCode, meta.ip);
  await checkRateLimitFor(RATE_POLICIES.deviceUserCode, `user:${userId}`);
  if (!userCode) return null;
  const row = await db().oauthDeviceCode.findUnique({ where: { userCodeHash: userCodeHash(userCode) } });
  return row ? { record: toDeviceCodeRecord(row), userCode } : null;
}
