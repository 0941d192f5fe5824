import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import type { Actor } from "../transaction";
import { apiDto, cimdAccessSchema, type CimdAccessInput } from "./api-dto";
import { findApiOrThrow } from "./find-api";

/**
 * PUT /apis/:id/cimd-access `{enabled, permissionIds}` (inventory §1.5/§2.16): every Client ID
 * Metadata Document client may reach this API with the chosen permissions. The selection is kept
 * while disabled, so switching off and on again restores it. Unknown permission ids are ignored.
 */
export async function setApiCimdAccess(tx: Tx, actor: Actor, id: string, input: CimdAccessInput) {
  const data = cimdAccessSchema.parse(input);
  const api = await findApiOrThrow(tx, id, { lock: true });
  const chosen = new Set(data.permissionIds);
  for (const p of api.permissions) {
    const allowed = chosen.has(p.id);
    if (p.allowedForCimdClients !== allowed) await tx.apiPermission.update({ where: { id: p.id }, data: { allowedForCimdClients: allowed } });
  }
  const updated = await tx.api.update({ where: { id }, data: { allowCimdClients: data.enabled }, include: { permissions: true } });
  await writeAudit(tx, "API_CIMD_ACCESS_UPDATED", actor.meta, actor.userId, { apiId: id, name: api.name, enabled: String(data.enabled) });
  return apiDto(updated);
}
