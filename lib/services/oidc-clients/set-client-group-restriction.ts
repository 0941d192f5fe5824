import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { getClientAdmin } from "./get-client-admin";

/**
 * The console's Restrict / Unrestrict (inventory §2.18 isGroupRestricted): restricting admits only
 * members of the allowed groups (none yet = nobody); unrestricting admits everyone and clears the
 * groups, as Pocket ID's UI does, so a later Restrict starts from an empty, deliberate choice.
 */
export async function setClientGroupRestriction(tx: Tx, actor: Actor, id: string, restricted: boolean) {
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  await lockRow(tx, "oidcClient", id);
  const client = await tx.oidcClient.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  await tx.oidcClient.update({ where: { id }, data: { isGroupRestricted: restricted } });
  if (!restricted) await tx.oidcClientAllowedGroup.deleteMany({ where: { oidcClientId: id } });
  await writeAudit(tx, "CLIENT_UPDATED", actor.meta, actor.userId, { clientId: id, clientName: client.name, isGroupRestricted: String(restricted) });
  return getClientAdmin(id, tx);
}
