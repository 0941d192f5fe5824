import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { findApiOrThrow } from "./find-api";
import { CLIENT_NOT_FOUND } from "./set-api-client-grant";

/** DELETE /apis/:id/clients/:clientId: the client may no longer use this API (its refreshes fail from now on). */
export async function removeApiClientGrant(tx: Tx, actor: Actor, apiId: string, clientId: string): Promise<void> {
  const api = await findApiOrThrow(tx, apiId, { lock: true });
  if (!isLookupId(clientId) || !(await tx.oidcClient.findUnique({ where: { id: clientId }, select: { id: true } }))) throw CLIENT_NOT_FOUND();
  await tx.oidcClientAllowedApi.deleteMany({ where: { oidcClientId: clientId, apiId } });
  await tx.oidcClientAllowedApiPermission.deleteMany({ where: { oidcClientId: clientId, permission: { apiId } } });
  await writeAudit(tx, "API_CLIENT_ACCESS_UPDATED", actor.meta, actor.userId, { apiId, name: api.name, clientId, userDelegatedAccess: "false", clientAccess: "false" });
}
