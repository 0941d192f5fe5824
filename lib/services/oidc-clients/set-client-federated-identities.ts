import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { federatedIdentityListSchema } from "./client-input";
import { getClientAdmin } from "./get-client-admin";

/** The Credentials tab's federated identities card: replaces the client's list (inventory §2.8). */
export async function setClientFederatedIdentities(tx: Tx, actor: Actor, id: string, input: unknown) {
  const list = federatedIdentityListSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const client = await tx.oidcClient.findUnique({ where: { id }, select: { id: true, name: true, isPublic: true, clientType: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  // A CIMD client authenticates with `none` only (§2.17; Pocket ID #1718).
  if (client.clientType === "cimd" && list.length) throw new AppError("validation_failed", "A client that identifies itself by a metadata document cannot use federated identities.");
  await tx.oidcClient.update({ where: { id }, data: { federatedIdentities: JSON.stringify(list) } });
  await writeAudit(tx, "CLIENT_UPDATED", actor.meta, actor.userId, { clientId: id, clientName: client.name, federatedIdentities: String(list.length) });
  return getClientAdmin(id, tx);
}
