import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";

/** DELETE /oidc/clients/:id/secrets/:secretId: that secret stops authenticating at once. */
export async function deleteClientSecret(tx: Tx, actor: Actor, clientId: string, secretId: string): Promise<void> {
  if (!isLookupId(clientId) || !isLookupId(secretId)) throw new AppError("not_found", "This secret does not exist (any more).");
  const row = await tx.oidcClientSecret.findFirst({ where: { id: secretId, clientId }, include: { client: { select: { name: true } } } });
  if (!row) throw new AppError("not_found", "This secret does not exist (any more).");
  await tx.oidcClientSecret.delete({ where: { id: secretId } });
  await writeAudit(tx, "CLIENT_SECRET_DELETED", actor.meta, actor.userId, { clientId, clientName: row.client.name, secretId });
}
