import { db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { sessionDto, sessionSelect, type SessionDto } from "./session-dto";

/**
 * A user's live sessions: the requesting one first, then by last activity. Expired rows (not yet
 * purged by the cleanup job) are not sessions any more and are left out.
 */
export async function listSessions(userId: string, currentId: string | null, tx: Tx = db(), now = new Date()): Promise<SessionDto[]> {
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!user) throw new AppError("user_not_found");
  const rows = await tx.session.findMany({ where: { userId, expiresAt: { gt: now } }, select: sessionSelect });
  const last = (r: (typeof rows)[number]) => (r.lastSeenAt ?? r.authTime).getTime();
  return rows
    .sort((a, b) => Number(b.id === currentId) - Number(a.id === currentId) || last(b) - last(a) || b.authTime.getTime() - a.authTime.getTime())
    .map((r) => sessionDto(r, currentId));
}
