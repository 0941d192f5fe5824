import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { API_CLIENT_SELECT, apiClientDto, clientGrantSchema, type ClientGrantInput } from "./api-dto";
import { findApiOrThrow } from "./find-api";
import { cimdGrant, loadGrants } from "./grants";

export const CLIENT_NOT_FOUND = () => new AppError("not_found", "This OIDC client does not exist (any more).");

/**
 * PUT /apis/:id/clients/:clientId (inventory §1.5/§2.16): what one client may do with this API,
 * replaced as a whole: user-delegated access (code, device, refresh) and client access (client
 * credentials), each with its permissions. Public clients cannot get client access (they cannot
 * authenticate). Permissions of a subject type without access are dropped; ids of other APIs'
 * permissions are ignored (as in Pocket ID). Both off removes the grant.
 */
export async function setApiClientGrant(tx: Tx, actor: Actor, apiId: string, clientId: string, input: ClientGrantInput) {
  const data = clientGrantSchema.parse(input);
  const api = await findApiOrThrow(tx, apiId, { lock: true });
  if (!isLookupId(clientId)) throw CLIENT_NOT_FOUND();
  const client = await tx.oidcClient.findUnique({ where: { id: clientId }, select: API_CLIENT_SELECT });
  if (!client) throw CLIENT_NOT_FOUND();
  if (client.isPublic && data.clientAccess) {
    throw new AppError("validation_failed", "Public clients cannot get client access: they cannot authenticate for the client credentials grant.", {
      clientAccess: "Public clients cannot get client access: turn it off, or make the client confidential",
    });
  }
  const own = new Set(api.permissions.map((p) => p.id));
  const pick = (on: boolean, ids: string[]) => (on ? [...new Set(ids)].filter((i) => own.has(i)) : []);
  const subjects = [
    { type: "user", on: data.userDelegatedAccess, ids: pick(data.userDelegatedAccess, data.userDelegatedPermissionIds) },
    { type: "client", on: data.clientAccess, ids: pick(data.clientAccess, data.clientPermissionIds) },
  ];
  await tx.oidcClientAllowedApi.deleteMany({ where: { oidcClientId: clientId, apiId } });
  await tx.oidcClientAllowedApiPermission.deleteMany({ where: { oidcClientId: clientId, apiPermissionId: { in: [...own] } } });
  for (const s of subjects) {
    if (!s.on) continue;
    await tx.oidcClientAllowedApi.create({ data: { oidcClientId: clientId, apiId, subjectType: s.type } });
    if (s.ids.length) await tx.oidcClientAllowedApiPermission.createMany({ data: s.ids.map((p) => ({ oidcClientId: clientId, apiPermissionId: p, subjectType: s.type })) });
  }
  await writeAudit(tx, "API_CLIENT_ACCESS_UPDATED", actor.meta, actor.userId, {
    apiId,
    name: api.name,
    clientId,
    userDelegatedAccess: String(data.userDelegatedAccess),
    clientAccess: String(data.clientAccess),
  });
  const [grant] = await loadGrants(tx, { apiId, clientId });
  const fields = grant ?? { userDelegatedAccess: false, clientAccess: false, userDelegatedPermissionIds: [], clientPermissionIds: [] };
  return {
    client: apiClientDto(client),
    userDelegatedAccess: fields.userDelegatedAccess,
    clientAccess: fields.clientAccess,
    userDelegatedPermissionIds: fields.userDelegatedPermissionIds,
    clientPermissionIds: fields.clientPermissionIds,
    ...cimdGrant(api, client.clientType),
  };
}
