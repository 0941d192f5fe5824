import { db } from "../db/client";
import { log } from "../log";
import { env } from "../config/env";

/** Consumed codes are kept this long past expiry so that a late replay is still recognised. */
const CODE_GRACE_MS = 24 * 3600_000;
/** Expired device codes are kept this long, so the person at /device is told the code expired. */
const DEVICE_CODE_GRACE_MS = 3600_000;

/**
 * Deletes expired single-use and session state. Idempotent, so every replica may run it; each
 * statement is independent and safe to interrupt.
 */
export async function cleanupExpired(now = new Date(), auditLogRetentionDays = env().auditLogRetentionDays): Promise<Record<string, number>> {
  const d = db();
  const counts = {
    sessions: (await d.session.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    ...(await purgeExpiredCeremonies(now)),
    accessTokens: (await d.oauthAccessToken.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    refreshTokens: (await d.oauthRefreshToken.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    authorizationCodes: (await d.oauthAuthorizationCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - CODE_GRACE_MS) } } })).count,
    // A grant family outlives its last token by the code grace, so a late replay of its code or of
    // a rotated refresh token is still recognised; deleting it cascades to what is left.
    grants: (
      await d.oauthGrant.deleteMany({
        where: { expiresAt: { lt: new Date(now.getTime() - CODE_GRACE_MS) }, accessTokens: { none: { expiresAt: { gt: now } } } },
      })
    ).count,
    assertionJtis: (await d.oauthClientAssertionJti.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    // Login codes are deleted when used; the ones never used go when they expire.
    loginCodes: (await d.loginCode.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    // Inventory §6.6: audit rows are kept AUDIT_LOG_RETENTION_DAYS (default 90), then purged.
    auditLogs: (await d.auditLog.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - auditLogRetentionDays * 86_400_000) } } })).count,
  };
  return counts;
}

/**
 * Rows that anyone can create without signing in (a passkey challenge per GET
 * /api/webauthn/login/start, an interaction per /authorize, a rate-limit bucket per address)
 * live a minute or a few; purged every minute instead of every 6 hours, a flood leaves at most a
 * minute's worth behind. Indexed-range DELETEs of already-expired rows: idempotent, so
 * replicas running it at the same time only find less to delete.
 */
export async function purgeExpiredCeremonies(now = new Date()): Promise<Record<string, number>> {
  const d = db();
  return {
    webauthnSessions: (await d.webauthnSession.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    interactions: (await d.oauthInteraction.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    rateLimits: (await d.rateLimit.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    // "Sign in with another device" requests: anyone may start one, each lives 5 minutes.
    deviceLoginRequests: (await d.deviceLoginRequest.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    // Anyone with a public client's id can ask for device codes (RFC 8628 §3.1). An expired one
    // stays an hour, so /device can still say "expired" rather than "not valid".
    deviceCodes: (await d.oauthDeviceCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - DEVICE_CODE_GRACE_MS) } } })).count,
  };
}

/** How often the ceremony purge runs (plus up to 20% jitter, so replicas spread out). */
export const CEREMONY_PURGE_INTERVAL_MS = 60_000;
const FULL_CLEANUP_INTERVAL_MS = 6 * 3600_000;

const g = globalThis as unknown as { __pocketIdCleanup?: NodeJS.Timeout; __pocketIdPurge?: NodeJS.Timeout };

function jitter(ms: number): number {
  return ms + Math.floor(Math.random() * ms * 0.2);
}

/** Runs the full cleanup now and every 6 hours, and the ceremony purge every minute. */
export function scheduleCleanup(): void {
  if (g.__pocketIdCleanup) return;
  const run = () =>
    cleanupExpired()
      .then((c) => log.debug(`[cleanup] ${JSON.stringify(c)}`))
      .catch((e) => log.warn(`[cleanup] failed: ${(e as Error).message}`));
  void run();
  g.__pocketIdCleanup = setInterval(run, jitter(FULL_CLEANUP_INTERVAL_MS));
  g.__pocketIdCleanup.unref();
  let purging = false;
  g.__pocketIdPurge = setInterval(() => {
    // Never stack runs when the database is slow.
    if (purging) return;
    purging = true;
    purgeExpiredCeremonies()
      .then((c) => log.debug(`[cleanup] ceremonies ${JSON.stringify(c)}`))
      .catch((e) => log.warn(`[cleanup] ceremony purge failed: ${(e as Error).message}`))
      .finally(() => (purging = false));
  }, jitter(CEREMONY_PURGE_INTERVAL_MS));
  g.__pocketIdPurge.unref();
}
