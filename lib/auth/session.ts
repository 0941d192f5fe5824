import { db, type Tx } from "../db/client";
import { env } from "../config/env";
import { randomToken } from "../crypto/random";
import { sha256Hex } from "../crypto/hash";
import { appConfig } from "../config/app-config";
import { writeAudit, type RequestMeta } from "../db/audit";
import { logError } from "../log";
import { enqueueBackchannelLogouts } from "../db/backchannel-outbox";

/**
 * Browser sessions are rows (DESIGN: nothing another replica needs lives in memory); the cookie
 * carries a 256-bit random token and only its SHA-256 is stored, so a database leak does not
 * yield usable sessions. Lifetime = app config sessionDuration (default 60 min), no sliding.
 */
export function sessionCookieName(): string {
  return env().secureCookies ? "__Host-access_token" : "access_token";
}

export interface CookieSpec {
  name: string;
  value: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: "/"; maxAge: number };
}

export function sessionCookie(value: string, maxAgeSeconds: number): CookieSpec {
  return {
    name: sessionCookieName(),
    value,
    options: { httpOnly: true, secure: env().secureCookies, sameSite: "lax", path: "/", maxAge: maxAgeSeconds },
  };
}

export interface SessionUser {
  id: string;
  username: string;
  email: string | null;
  firstName: string;
  lastName: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
}

export interface LoadedSession {
  id: string;
  userId: string;
  amr: string[];
  authTime: Date;
  expiresAt: Date;
  user: SessionUser;
}

export async function createSession(
  tx: Tx,
  userId: string,
  amr: string[],
  meta: RequestMeta,
  now = new Date(),
): Promise<{ token: string; cookie: CookieSpec }> {
  const minutes = (await appConfig()).sessionDuration;
  const token = randomToken();
  await tx.session.create({
    data: {
      tokenHash: sha256Hex(token),
      userId,
      amr: JSON.stringify(amr),
      authTime: now,
      expiresAt: new Date(now.getTime() + minutes * 60_000),
      ipAddress: meta.ip,
      userAgent: meta.userAgent.slice(0, 512),
    },
  });
  return { token, cookie: sessionCookie(token, minutes * 60) };
}

/** Resolves a session cookie value to its live row; expired sessions and disabled users yield null. */
export async function loadSession(token: string | undefined | null, now = new Date()): Promise<LoadedSession | null> {
  if (!token || token.length > 200) return null;
  const row = await db().session.findUnique({
    where: { tokenHash: sha256Hex(token) },
    include: {
      user: {
        select: { id: true, username: true, email: true, firstName: true, lastName: true, displayName: true, isAdmin: true, disabled: true },
      },
    },
  });
  if (!row || row.expiresAt <= now || row.user.disabled) return null;
  await touchSession(row.id, row.lastSeenAt, now);
  return { id: row.id, userId: row.userId, amr: JSON.parse(row.amr) as string[], authTime: row.authTime, expiresAt: row.expiresAt, user: row.user };
}

/** How stale lastSeenAt may get: a session's "last seen" is shown to the minute, so one write a minute is enough. */
export const LAST_SEEN_RESOLUTION_MS = 60_000;

/**
 * Records that a session was used, at most once a minute: the condition sits in the UPDATE
 * itself, so concurrent requests of one session (a page and its API calls, several replicas)
 * write at most once per minute between them, and most requests write nothing. A failed write
 * never fails the request that carried the session: "last seen" is information, not access.
 */
async function touchSession(id: string, lastSeenAt: Date | null, now: Date): Promise<void> {
  const before = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS);
  if (lastSeenAt && lastSeenAt > before) return;
  try {
    await db().session.updateMany({ where: { id, OR: [{ lastSeenAt: null }, { lastSeenAt: { lte: before } }] }, data: { lastSeenAt: now } });
  } catch (e) {
    logError("session last-seen update", e);
  }
}

/** Drops a session without an audit event: a new sign-in replacing this browser's old session. */
export async function discardSession(token: string | undefined | null): Promise<void> {
  if (!token || token.length > 200) return;
  await db().session.deleteMany({ where: { tokenHash: sha256Hex(token) } });
}

export interface EndedSession {
  id: string;
  userId: string;
}

/**
 * The one place where sessions end, inside the caller's transaction: sign-out, RP-initiated
 * logout, "sign out my other devices", an admin ending a user's sessions, a user disabled or
 * deleted. It deletes the rows and returns what it ended. Whatever must follow the end of a
 * session in the same transaction is added here and nowhere else, so no path can forget it:
 * the Logout Tokens of OIDC Back-Channel Logout 1.0 go into the outbox, and the grant families
 * bound to the ended sessions are revoked (lib/db/backchannel-outbox.ts). Without `ids` and
 * `exceptId` every session of the user ends, and every client the user authorized is told.
 */
export async function endSessions(
  tx: Tx,
  where: { userId: string; ids?: string[]; exceptId?: string },
): Promise<EndedSession[]> {
  const rows = await tx.session.findMany({
    where: {
      userId: where.userId,
      ...(where.ids ? { id: { in: where.ids } } : {}),
      ...(where.exceptId ? { NOT: { id: where.exceptId } } : {}),
    },
    select: { id: true, userId: true },
  });
  const wholeUser = !where.ids && !where.exceptId;
  // Row by row, keeping only the rows this transaction really deleted: on PostgreSQL two requests
  // ending the same session at once (double click, two tabs) both read it, and only the one whose
  // delete takes it may report it ended, audit it and tell the apps over the back channel.
  const ended: typeof rows = [];
  for (const row of rows) {
    const { count } = await tx.session.deleteMany({ where: { id: row.id } });
    if (count === 1) ended.push(row);
  }
  if (ended.length === 0 && !wholeUser) return [];
  await enqueueBackchannelLogouts(tx, { userId: where.userId, sessionIds: ended.map((r) => r.id), wholeUser });
  return ended;
}

/**
 * Sign-out deletes the row, so the cookie is worthless afterwards, also if it was copied; the
 * SIGN_OUT audit event is written in the same transaction.
 */
export async function endSession(token: string | undefined | null, meta: RequestMeta, method: string): Promise<void> {
  if (!token || token.length > 200) return;
  await db().$transaction(async (tx) => {
    const row = await tx.session.findUnique({ where: { tokenHash: sha256Hex(token) } });
    if (!row) return;
    await endSessions(tx, { userId: row.userId, ids: [row.id] });
    await writeAudit(tx, "SIGN_OUT", meta, row.userId, { method });
  });
}

/**
 * RP-initiated logout with a verified id_token_hint (inventory §2.13; RP-Initiated Logout §2):
 * the login the hint names ends even when this browser holds no session (the app sent the user
 * from another browser, or the cookie is gone). The session its `sid` names ends through
 * endSessions (so the other apps of that session are told over the back channel), and, as Pocket
 * ID does, the grant families whose refresh tokens came with that very ID token (`jti`) are
 * revoked, which covers tokens issued without a session.
 */
export async function endHintedLogin(login: { userId: string; sid?: string; jti?: string }, meta: RequestMeta): Promise<void> {
  await db().$transaction(async (tx) => {
    if (login.sid) {
      const ended = await endSessions(tx, { userId: login.userId, ids: [login.sid] });
      if (ended.length) await writeAudit(tx, "SIGN_OUT", meta, login.userId, { method: "rp_initiated" });
    }
    if (login.jti) {
      const tokens = await tx.oauthRefreshToken.findMany({ where: { userId: login.userId, idTokenJti: login.jti, grantId: { not: null } }, select: { grantId: true } });
      const grantIds = [...new Set(tokens.map((t) => t.grantId!))];
      if (grantIds.length) await tx.oauthGrant.updateMany({ where: { id: { in: grantIds }, revokedAt: null }, data: { revokedAt: new Date() } });
    }
  });
}
