import { db } from "../db/client";
import { env } from "../config/env";
import { AppError } from "../errors";
import { randomString } from "../crypto/random";
import { safeEqual, sha256Hex } from "../crypto/hash";
import { isUniqueViolation } from "../db/errors";
import type { SessionUser } from "./session";

/** The synthetic admin STATIC_API_KEY authenticates as (inventory §1.1): a fixed id. */
export const STATIC_API_USER_ID = "00000000-0000-0000-0000-000000000000";

const USER_SELECT = { id: true, username: true, email: true, firstName: true, lastName: true, displayName: true, isAdmin: true, disabled: true } as const;

/** API keys are 32 random alphanumerics (inventory §1.1); only their SHA-256 is stored. */
export function newApiKeyToken(): { token: string; keyHash: string } {
  const token = randomString(32);
  return { token, keyHash: sha256Hex(token) };
}

export interface ApiKeyCaller {
  user: SessionUser;
  apiKeyId: string | null;
}

/**
 * Resolves an `X-API-Key` value to its owner. STATIC_API_KEY (compared in constant time) is the
 * synthetic admin; any other value is looked up by its hash. Unknown and expired keys are
 * `invalid_api_key`; a disabled owner is `user_disabled` (inventory §1.1). A successful use
 * records `lastUsedAt`.
 */
export async function authenticateApiKey(value: string, now = new Date()): Promise<ApiKeyCaller> {
  const key = value.trim();
  if (!key || key.length > 200) throw new AppError("invalid_api_key");
  const staticKey = env().staticApiKey;
  if (staticKey && safeEqual(key, staticKey)) return { user: await ensureStaticApiUser(), apiKeyId: null };
  const row = await db().apiKey.findUnique({ where: { keyHash: sha256Hex(key) }, include: { user: { select: USER_SELECT } } });
  if (!row) throw new AppError("invalid_api_key");
  if (row.expiresAt <= now) throw new AppError("invalid_api_key", "This API key has expired. Renew it under Settings > API keys, or create a new one.");
  if (row.user.disabled) throw new AppError("user_disabled");
  await db().apiKey.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  return { user: row.user, apiKeyId: row.id };
}

/** Creates the static API admin on first use; concurrent first uses end with the same row. */
export async function ensureStaticApiUser(): Promise<SessionUser> {
  const existing = await db().user.findUnique({ where: { id: STATIC_API_USER_ID }, select: USER_SELECT });
  if (existing) return existing;
  const username = `static-api-user-${randomString(6, "abcdefghijklmnopqrstuvwxyz0123456789")}`;
  try {
    return await db().user.create({
      data: { id: STATIC_API_USER_ID, username, usernameKey: username, displayName: "Static API user", isAdmin: true },
      select: USER_SELECT,
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return db().user.findUniqueOrThrow({ where: { id: STATIC_API_USER_ID }, select: USER_SELECT });
  }
}

/** At start without STATIC_API_KEY, the synthetic admin must not linger (inventory §1.1). */
export async function removeStaticApiUserWhenUnset(): Promise<void> {
  if (env().staticApiKey) return;
  await db().user.deleteMany({ where: { id: STATIC_API_USER_ID } });
}
