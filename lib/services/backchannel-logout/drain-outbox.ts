import { db } from "../../db/client";
import { env } from "../../config/env";
import { writeAudit } from "../../db/audit";
import { claimOutboxRows, deleteOutboxRow, rescheduleOutboxRow, type OutboxRow } from "../../db/backchannel-outbox";
import { idTokenSigningKey } from "../../keys";
import { buildLogoutToken } from "../../oidc/logout-token";
import { isSigningAlg } from "../../crypto/signing-keys";
import { postForm, type FormPostResult } from "../../http/outbound";
import { log } from "../../log";

/**
 * Delivery of the back-channel logout outbox (OIDC Back-Channel Logout 1.0 §2.5): any replica
 * claims due rows with a lease (lib/db/backchannel-outbox.ts), POSTs a freshly signed Logout
 * Token to each client, and deletes the row once the client answered 200 (or 204, which
 * §2.8 allows too). Anything else, a timeout or a redirect included (§2.5 gives the RP no
 * redirects to send), is retried with exponential backoff; after MAX_ATTEMPTS the row is
 * dropped with an audit event, so an app that is gone for good does not keep the outbox busy.
 */

/** Rows one drain claims; each is sent concurrently with the others. */
const BATCH = 20;
/** Longer than a send can take (SEND_TIMEOUT_MS), so a lease never runs out under a live sender. */
export const LEASE_MS = 60_000;
/** The receiver must answer quickly (§2.5 expects an immediate answer after validation). */
export const SEND_TIMEOUT_MS = 5_000;
/** Attempts before a row is dropped: with the backoff below, about 40 minutes of retrying. */
export const MAX_ATTEMPTS = 10;
const BACKOFF_BASE_MS = 5_000;
const BACKOFF_CAP_MS = 30 * 60_000;

/** Wait after the `attempts`-th failed attempt: 5 s, 10 s, 20 s, ... capped at 30 min. */
export function backoffMs(attempts: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1), BACKOFF_CAP_MS);
}

export type LogoutSender = (url: string, form: URLSearchParams) => Promise<FormPostResult>;

export interface DrainOptions {
  now?: Date;
  /** Seam for tests that need a failing or slow receiver without a network. */
  send?: LogoutSender;
  maxAttempts?: number;
  limit?: number;
}

export interface DrainResult {
  sent: number;
  retried: number;
  dropped: number;
}

const SYSTEM_META = { ip: null, userAgent: "" };

function defaultSender(): LogoutSender {
  const allowLinkLocal = env().allowLinkLocalOutbound;
  return (url, form) => postForm(url, form, { timeoutMs: SEND_TIMEOUT_MS, allowLinkLocal });
}

type Outcome = "sent" | "retried" | "dropped";

async function deliver(row: OutboxRow, now: Date, send: LogoutSender, maxAttempts: number): Promise<Outcome> {
  const client = await db().oidcClient.findUnique({
    where: { id: row.clientId },
    select: { name: true, backchannelLogoutUri: true, idTokenSignedResponseAlg: true },
  });
  // The admin removed the URI since the session ended: nobody is listening any more.
  if (!client?.backchannelLogoutUri) {
    await deleteOutboxRow(db(), row.id);
    return "dropped";
  }
  let failure: string;
  try {
    const key = await idTokenSigningKey(isSigningAlg(client.idTokenSignedResponseAlg) ? client.idTokenSignedResponseAlg : null);
    const { token } = await buildLogoutToken(key, { issuer: env().appUrl, clientId: row.clientId, sub: row.userId, sid: row.sessionId, now });
    const res = await send(client.backchannelLogoutUri, new URLSearchParams({ logout_token: token }));
    if (res.status === 200 || res.status === 204) {
      await finish(row, client.name, "BACKCHANNEL_LOGOUT_SENT", {});
      log.debug(`[backchannel-logout] delivered to ${row.clientId} (attempt ${row.attempts})`);
      return "sent";
    }
    failure = `HTTP ${res.status}${res.bodyStart ? `: ${res.bodyStart.replace(/\s+/g, " ").slice(0, 200)}` : ""}`;
  } catch (e) {
    failure = (e as Error).message || String(e);
  }
  if (row.attempts >= maxAttempts) {
    await finish(row, client.name, "BACKCHANNEL_LOGOUT_FAILED", { attempts: String(row.attempts), error: failure.slice(0, 300) });
    log.warn(`[backchannel-logout] dropped the logout token for ${row.clientId} after ${row.attempts} attempts: ${failure}`);
    return "dropped";
  }
  const wait = backoffMs(row.attempts);
  await rescheduleOutboxRow(db(), row.id, new Date(now.getTime() + wait), failure);
  log.info(`[backchannel-logout] ${row.clientId} did not take the logout token (${failure}); retry ${row.attempts + 1} in ${Math.round(wait / 1000)} s`);
  return "retried";
}

/** Deletes the row and audits the outcome together; the user may be gone (deleted), then data names them. */
async function finish(row: OutboxRow, clientName: string, event: "BACKCHANNEL_LOGOUT_SENT" | "BACKCHANNEL_LOGOUT_FAILED", extra: Record<string, string>) {
  await db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: row.userId }, select: { id: true } });
    await deleteOutboxRow(tx, row.id);
    await writeAudit(tx, event, SYSTEM_META, user?.id ?? null, {
      clientId: row.clientId,
      clientName,
      ...(user ? {} : { userId: row.userId }),
      ...(row.sessionId ? { sessionId: row.sessionId } : {}),
      ...extra,
    });
  });
}

/** One pass: claim the due rows and deliver them. Safe to run on every replica at once. */
export async function drainBackchannelOutbox(opts: DrainOptions = {}): Promise<DrainResult> {
  const now = opts.now ?? new Date();
  const rows = await claimOutboxRows(db(), now, { limit: opts.limit ?? BATCH, leaseMs: LEASE_MS });
  const result: DrainResult = { sent: 0, retried: 0, dropped: 0 };
  if (rows.length === 0) return result;
  const send = opts.send ?? defaultSender();
  const outcomes = await Promise.all(
    rows.map((row) =>
      deliver(row, now, send, opts.maxAttempts ?? MAX_ATTEMPTS).catch((e) => {
        // The database failed under us: the lease runs out and another pass retries.
        log.warn(`[backchannel-logout] ${row.clientId}: ${(e as Error).message}`);
        return "retried" as const;
      }),
    ),
  );
  for (const o of outcomes) result[o]++;
  return result;
}

/** How often each replica looks for due rows (plus up to 20% jitter). A sign-out reaches apps within about this. */
export const DRAIN_INTERVAL_MS = 2_000;

const g = globalThis as unknown as { __pocketIdBackchannel?: NodeJS.Timeout };

/** Started once per server process (lib/boot.ts); a pass never overlaps the previous one. */
export function scheduleBackchannelLogout(): void {
  if (g.__pocketIdBackchannel) return;
  let running = false;
  g.__pocketIdBackchannel = setInterval(
    () => {
      if (running) return;
      running = true;
      drainBackchannelOutbox()
        .then((r) => r.sent + r.retried + r.dropped > 0 && log.debug(`[backchannel-logout] ${JSON.stringify(r)}`))
        .catch((e) => log.warn(`[backchannel-logout] drain failed: ${(e as Error).message}`))
        .finally(() => (running = false));
    },
    DRAIN_INTERVAL_MS + Math.floor(Math.random() * DRAIN_INTERVAL_MS * 0.2),
  );
  g.__pocketIdBackchannel.unref();
}
