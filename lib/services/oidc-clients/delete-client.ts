import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { deleteClientLogoFiles } from "../client-logos/delete-client-logo";

/** DELETE /oidc/clients/:id: secrets, codes, tokens, consents and group links go with it (cascade), and its logos. */
export async function deleteClient(tx: Tx, actor: Actor, id: string): Promise<void> {
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const client = await tx.oidcClient.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  // deleteMany: a concurrent delete of the same client is a 404, not a 500.
  const deleted = await tx.oidcClient.deleteMany({ where: { id } });
  if (deleted.count === 0) throw new AppError("not_found", CLIENT_NOT_FOUND);
  // Inventory §1.5: the client's logos go with it.
  await deleteClientLogoFiles(tx, id);
  await writeAudit(tx, "CLIENT_DELETED", actor.meta, actor.userId, { clientId: id, clientName: client.name });
}
