import type { Db, Tx } from "./client";

/**
 * The back-channel logout outbox (OIDC Back-Channel Logout 1.0; DESIGN "Seams"). A row is one
 * Logout Token still to deliver to one client. Rows are written in the transaction that ends
 * the sessions (so a committed sign-out always notifies, and a rolled-back one never does) and
 * sent later by whichever replica claims them first (lib/services/backchannel-logout).
 */

/** Scope that asks for access beyond the browser session (OIDC Core §11). */
const OFFLINE_ACCESS = "offline_access";

export interface SessionEnd {
  userId: string;
  /** The sessions that ended (possibly none, e.g. a disabled user without a live session). */
  sessionIds: string[];
  /**
   * Every session of the user ended (user disabled or deleted, an admin ending all sessions):
   * clients the user authorized outside these sessions are told too, with `sub` only, which
   * §2.4 defines as "all sessions of this user at the RP".
   */
  wholeUser: boolean;
}

/**
 * Queues the Logout Tokens a session end calls for and revokes the grant families bound to the
 * ended sessions, inside the caller's transaction. Returns the number of rows queued.
 *
 * - A client that received ID tokens in an ended session (a grant with that `sid`) and has a
 *   back-channel logout URI gets one row per such session: its token carries `sub` and `sid`.
 * - With `wholeUser`, a client the user authorized (grant or consent) that got no row above, or
 *   that does not require `sid`, gets one row without a session: its token carries `sub` only.
 *   A client that requires `sid` (§2.2 backchannel_logout_session_required) and was told about
 *   each session already needs nothing more.
 * - Back-Channel Logout §2.7: refresh tokens issued to a session that is logged out SHOULD be
 *   revoked, unless issued with offline_access. So the families of the ended sessions (with
 *   `wholeUser`, all of the user's) are revoked, except offline ones, as Keycloak does when an SSO
 *   session ends. This also covers RP-initiated logout (inventory §2.13: that login's tokens).
 */
export async function enqueueBackchannelLogouts(tx: Tx, end: SessionEnd, now = new Date()): Promise<number> {
  const grants = await tx.oauthGrant.findMany({
    where: end.wholeUser ? { userId: end.userId } : { userId: end.userId, sessionId: { in: end.sessionIds } },
    select: {
      id: true,
      clientId: true,
      sessionId: true,
      scope: true,
      revokedAt: true,
      client: { select: { backchannelLogoutUri: true, backchannelLogoutSessionRequired: true } },
    },
  });
  const ended = new Set(end.sessionIds);

  const toRevoke = grants.filter((g) => !g.revokedAt && !g.scope.split(" ").includes(OFFLINE_ACCESS) && (end.wholeUser || (g.sessionId && ended.has(g.sessionId))));
  if (toRevoke.length) {
    await tx.oauthGrant.updateMany({ where: { id: { in: toRevoke.map((g) => g.id) }, revokedAt: null }, data: { revokedAt: now } });
  }

  // Keyed "clientId sessionId" (session "" = sub only) so each client hears about each session once.
  const rows = new Map<string, { clientId: string; sessionId: string | null }>();
  const sessionRequired = new Map<string, boolean>();
  for (const g of grants) {
    if (!g.client.backchannelLogoutUri) continue;
    sessionRequired.set(g.clientId, g.client.backchannelLogoutSessionRequired);
    if (g.sessionId && ended.has(g.sessionId)) rows.set(`${g.clientId} ${g.sessionId}`, { clientId: g.clientId, sessionId: g.sessionId });
  }
  if (end.wholeUser) {
    const consents = await tx.userAuthorizedClient.findMany({
      where: { userId: end.userId, client: { backchannelLogoutUri: { not: null } } },
      select: { clientId: true, client: { select: { backchannelLogoutSessionRequired: true } } },
    });
    for (const c of consents) sessionRequired.set(c.clientId, c.client.backchannelLogoutSessionRequired);
    const told = new Set([...rows.values()].map((r) => r.clientId));
    for (const [clientId, required] of sessionRequired) {
      if (required && told.has(clientId)) continue;
      if (!required) for (const key of [...rows.keys()]) if (key.startsWith(`${clientId} `)) rows.delete(key);
      rows.set(`${clientId} `, { clientId, sessionId: null });
    }
  }
  if (rows.size === 0) return 0;
  await tx.backchannelLogoutOutbox.createMany({
    data: [...rows.values()].map((r) => ({ clientId: r.clientId, userId: end.userId, sessionId: r.sessionId, nextAttemptAt: now })),
  });
  return rows.size;
}

export interface OutboxRow {
  id: string;
  clientId: string;
  userId: string;
  sessionId: string | null;
  /** Counting the attempt this claim starts. */
  attempts: number;
  createdAt: Date;
}

/**
 * Claims up to `limit` due rows for `leaseMs`. Each claim is one conditional UPDATE of one row
 * (due, and unleased or its lease run out), which the database applies atomically: of two
 * replicas racing for a row exactly one sees count 1, so no row is sent twice at once. The
 * attempt is counted at claim time, so a replica dying mid-send still uses up an attempt.
 */
export async function claimOutboxRows(d: Db, now: Date, opts: { limit: number; leaseMs: number }): Promise<OutboxRow[]> {
  const due = { nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lte: now } }] };
  const candidates = await d.backchannelLogoutOutbox.findMany({
    where: due,
    orderBy: { nextAttemptAt: "asc" },
    take: opts.limit,
    select: { id: true },
  });
  const claimed: OutboxRow[] = [];
  for (const { id } of candidates) {
    const res = await d.backchannelLogoutOutbox.updateMany({
      where: { id, ...due },
      data: { lockedUntil: new Date(now.getTime() + opts.leaseMs), attempts: { increment: 1 } },
    });
    if (res.count !== 1) continue;
    const row = await d.backchannelLogoutOutbox.findUnique({
      where: { id },
      select: { id: true, clientId: true, userId: true, sessionId: true, attempts: true, createdAt: true },
    });
    if (row) claimed.push(row);
  }
  return claimed;
}

/** A delivered (or dropped) row leaves the outbox. */
export async function deleteOutboxRow(d: Db | Tx, id: string): Promise<void> {
  await d.backchannelLogoutOutbox.deleteMany({ where: { id } });
}

/** A failed attempt: release the lease and wait until `nextAttemptAt`. */
export async function rescheduleOutboxRow(d: Db, id: string, nextAttemptAt: Date, lastError: string): Promise<void> {
  await d.backchannelLogoutOutbox.updateMany({ where: { id }, data: { lockedUntil: null, nextAttemptAt, lastError: lastError.slice(0, 500) } });
}
