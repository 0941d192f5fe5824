import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import type { Actor } from "../transaction";
import { apiDto, permissionsUpdateSchema, type PermissionsUpdateInput } from "./api-dto";
import { findApiOrThrow } from "./find-api";

/**
 * PUT /apis/:id/permissions (inventory §1.5): replaces the permission set, matched by key: kept
 * keys keep their id and every client grant, removed keys lose theirs (cascade), new keys start
 * granted to nobody.
 */
export async function setApiPermissions(tx: Tx, actor: Actor, id: string, input: PermissionsUpdateInput) {
  const { permissions } = permissionsUpdateSchema.parse(input);
  const api = await findApiOrThrow(tx, id, { lock: true });
  const wanted = new Map(permissions.map((p) => [p.key, p]));
  const removed = api.permissions.filter((p) => !wanted.has(p.key)).map((p) => p.id);
  if (removed.length) await tx.apiPermission.deleteMany({ where: { id: { in: removed } } });
  for (const p of permissions) {
    const existing = api.permissions.find((e) => e.key === p.key);
    const fields = { name: p.name, description: p.description || null };
    if (existing) await tx.apiPermission.update({ where: { id: existing.id }, data: fields });
    else await tx.apiPermission.create({ data: { apiId: id, key: p.key, ...fields } });
  }
  const updated = await tx.api.update({ where: { id }, data: { updatedAt: new Date() }, include: { permissions: true } });
  await writeAudit(tx, "API_PERMISSIONS_UPDATED", actor.meta, actor.userId, { apiId: id, name: api.name, keys: permissions.map((p) => p.key).join(" ") });
  return apiDto(updated);
}
