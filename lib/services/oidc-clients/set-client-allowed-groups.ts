import { z } from "zod";
import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { getClientAdmin } from "./get-client-admin";

export const allowedGroupsSchema = z.object({ userGroupIds: z.array(z.string().max(256)).max(1000) }, { error: "Send { userGroupIds: [...] }" }).strict();

/**
 * PUT /oidc/clients/:id/allowed-user-groups: the groups whose members may use this client. It
 * matters while the client is group-restricted (isGroupRestricted, set with PUT /oidc/clients/:id).
 */
export async function setClientAllowedGroups(tx: Tx, actor: Actor, id: string, input: unknown) {
  const { userGroupIds } = allowedGroupsSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  await lockRow(tx, "oidcClient", id);
  const client = await tx.oidcClient.findUnique({ where: { id }, select: { id: true, name: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const ids = [...new Set(userGroupIds)];
  const found = await tx.userGroup.findMany({ where: { id: { in: ids } }, select: { id: true } });
  if (found.length !== ids.length) {
    const known = new Set(found.map((g) => g.id));
    throw new AppError("validation_failed", "Some of these groups do not exist.", { userGroupIds: `Unknown group: ${ids.filter((g) => !known.has(g)).join(", ")}` });
  }
  await tx.oidcClientAllowedGroup.deleteMany({ where: { oidcClientId: id } });
  if (ids.length) await tx.oidcClientAllowedGroup.createMany({ data: ids.map((userGroupId) => ({ oidcClientId: id, userGroupId })) });
  await writeAudit(tx, "CLIENT_ALLOWED_GROUPS_UPDATED", actor.meta, actor.userId, { clientId: id, clientName: client.name, userGroupIds: ids.join(",") });
  return getClientAdmin(id, tx);
}
