import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import { endSessions } from "../../auth/session";
import { describeUserAgent } from "../../http/user-agent";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";

export interface RevokeSessionsInput {
  userId: string;
  /** End these sessions only; a listed id that is not one of the user's sessions is "not found". */
  ids?: string[];
  /** End every session but this one ("sign out my other devices"). */
  exceptId?: string | null;
  /** The admin ending another user's sessions, named in the audit rows. */
  actorUsername?: string;
}

/**
 * Ends sessions of one user through endSessions (lib/auth/session.ts, the one place sessions end,
 * which also queues what must follow, such as back-channel logout) and writes SESSION_REVOKED on
 * the owner's trail for each, in the same transaction. Only live sessions count: expired rows are
 * the cleanup job's. Returns how many ended.
 */
export async function revokeSessions(tx: Tx, actor: Actor, input: RevokeSessionsInput): Promise<{ ended: number }> {
  if (!isLookupId(input.userId)) throw new AppError("user_not_found");
  const user = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
  if (!user) throw new AppError("user_not_found");
  if (input.ids && !input.ids.every(isLookupId)) throw new AppError("not_found", "This session does not exist (any more): it may have ended already.");

  const rows = await tx.session.findMany({
    where: { userId: input.userId, expiresAt: { gt: new Date() }, ...(input.ids ? { id: { in: input.ids } } : {}), ...(input.exceptId ? { NOT: { id: input.exceptId } } : {}) },
    select: { id: true, userAgent: true, ipAddress: true },
  });
  if (input.ids && rows.length < new Set(input.ids).size) throw new AppError("not_found", "This session does not exist (any more): it may have ended already.");
  if (rows.length === 0) return { ended: 0 };

  const ended = await endSessions(tx, { userId: input.userId, ids: rows.map((r) => r.id) });
  // A concurrent request ended a named session between the read above and the delete (PostgreSQL).
  if (input.ids && ended.length < rows.length) throw new AppError("not_found", "This session does not exist (any more): it may have ended already.");
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const s of ended) {
    const row = byId.get(s.id);
    const data: Record<string, string> = { sessionId: s.id, device: describeUserAgent(row?.userAgent).label };
    if (row?.ipAddress) data.sessionIpAddress = row.ipAddress;
    if (actor.userId !== input.userId) {
      data.actorUserId = actor.userId;
      if (input.actorUsername) data.actorUsername = input.actorUsername;
    }
    await writeAudit(tx, "SESSION_REVOKED", actor.meta, input.userId, data);
  }
  return { ended: ended.length };
}
