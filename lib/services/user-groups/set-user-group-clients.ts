import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { oidcClientIdsSchema } from "./group-dto";
import { getUserGroup } from "./get-user-group";

/**
 * PUT /user-groups/:id/allowed-oidc-clients: the clients this group may use, from the group's
 * side (inventory §1.5). The same relation as a client's allowed groups; a client's
 * isGroupRestricted flag is not touched, so it only matters for restricted clients.
 */
export async function setUserGroupClients(tx: Tx, actor: Actor, id: string, input: unknown) {
  const { oidcClientIds } = oidcClientIdsSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", "This group does not exist (any more).");
  await lockRow(tx, "userGroup", id);
  const g = await tx.userGroup.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!g) throw new AppError("not_found", "This group does not exist (any more).");
  const ids = [...new Set(oidcClientIds)];
  const found = await tx.oidcClient.findMany({ where: { id: { in: ids } }, select: { id: true } });
  if (found.length !== ids.length) {
    const known = new Set(found.map((c) => c.id));
    throw new AppError("validation_failed", "Some of these clients do not exist.", { oidcClientIds: `Unknown client: ${ids.filter((c) => !known.has(c)).join(", ")}` });
  }
  await tx.oidcClientAllowedGroup.deleteMany({ where: { userGroupId: id, oidcClientId: { notIn: ids } } });
  const have = new Set((await tx.oidcClientAllowedGroup.findMany({ where: { userGroupId: id }, select: { oidcClientId: true } })).map((a) => a.oidcClientId));
  const add = ids.filter((c) => !have.has(c));
  if (add.length) await tx.oidcClientAllowedGroup.createMany({ data: add.map((oidcClientId) => ({ oidcClientId, userGroupId: id })) });
  await writeAudit(tx, "USER_GROUP_CLIENTS_UPDATED", actor.meta, actor.userId, { userGroupId: id, name: g.name, oidcClientIds: ids.join(",") });
  return getUserGroup(id, tx);
}
