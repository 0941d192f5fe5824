import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";

/** DELETE /api-keys/:id: the caller's own key stops working at once (the row is deleted). */
export async function revokeApiKey(tx: Tx, actor: Actor, id: string): Promise<void> {
  if (!isLookupId(id)) throw new AppError("api_key_not_found");
  const key = await tx.apiKey.findFirst({ where: { id, userId: actor.userId }, select: { id: true, name: true } });
  // Another user's key reads as unknown: its existence is not the caller's business.
  if (!key) throw new AppError("api_key_not_found");
  // deleteMany: when the same delete runs twice at once, the second finds nothing to delete (404, not a 500).
  const { count } = await tx.apiKey.deleteMany({ where: { id } });
  if (count === 0) throw new AppError("api_key_not_found");
  await writeAudit(tx, "API_KEY_REVOKED", actor.meta, actor.userId, { apiKeyId: id, name: key.name });
}
