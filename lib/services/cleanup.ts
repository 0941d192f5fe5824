import { db } from "../db/client";
import { log } from "../log";

/** Consumed codes are kept this long past expiry so that a late replay is still recognised. */
const CODE_GRACE_MS = 24 * 3600_000;

/**
 * Deletes expired single-use and session state. Idempotent, so every replica may run it; each
 * statement is independent and safe to interrupt.
 */
export async function cleanupExpired(now = new Date()): Promise<Record<string, number>> {
  const d = db();
  const counts = {
    sessions: (await d.session.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    webauthnSessions: (await d.webauthnSession.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    interactions: (await d.oauthInteraction.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    accessTokens: (await d.oauthAccessToken.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    refreshTokens: (await d.oauthRefreshToken.deleteMany({ where: { expiresAt: { lt: now } } })).count,
    authorizationCodes: (await d.oauthAuthorizationCode.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - CODE_GRACE_MS) } } })).count,
    rateLimits: (await d.rateLimit.deleteMany({ where: { expiresAt: { lt: now } } })).count,
  };
  return counts;
}

const g = globalThis as unknown as { __pocketIdCleanup?: NodeJS.Timeout };

/** Runs the cleanup now and every 6 hours (with jitter, so replicas spread out). */
export function scheduleCleanup(): void {
  if (g.__pocketIdCleanup) return;
  const run = () =>
    cleanupExpired()
      .then((c) => log.debug(`[cleanup] ${JSON.stringify(c)}`))
      .catch((e) => log.warn(`[cleanup] failed: ${(e as Error).message}`));
  void run();
  const every = 6 * 3600_000 + Math.floor(Math.random() * 10 * 60_000);
  g.__pocketIdCleanup = setInterval(run, every);
  g.__pocketIdCleanup.unref();
}
