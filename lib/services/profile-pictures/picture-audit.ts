import type { Actor } from "../transaction";

/** An admin acting on another user's picture is named in the audit row, as PASSKEY_REMOVED does. */
export function pictureAuditData(actor: Actor, userId: string, actorUsername?: string): Record<string, string> {
  if (actor.userId === userId) return {};
  return { actorUserId: actor.userId, ...(actorUsername ? { actorUsername } : {}) };
}

