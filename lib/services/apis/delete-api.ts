import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import type { Actor } from "../transaction";
import { API_NOT_FOUND, findApiOrThrow } from "./find-api";

/**
 * DELETE /apis/:id: permissions and client grants go with it (cascade). Tokens already issued for
 * it stay valid until they expire; refreshing them fails, as the client no longer has access.
 */
export async function deleteApi(tx: Tx, actor: Actor, id: string): Promise<void> {
  const api = await findApiOrThrow(tx, id);
  // deleteMany: when the same delete runs twice at once, the second finds nothing to delete (404, not a 500).
  const { count } = await tx.api.deleteMany({ where: { id } });
  if (count === 0) throw API_NOT_FOUND();
  await writeAudit(tx, "API_DELETED", actor.meta, actor.userId, { apiId: id, name: api.name, resource: api.audience });
}
