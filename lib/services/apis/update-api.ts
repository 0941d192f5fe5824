import type { Tx } from "../../db/client";
import { writeAudit } from "../../db/audit";
import type { Actor } from "../transaction";
import { apiDto, apiUpdateSchema, type ApiUpdateInput } from "./api-dto";
import { findApiOrThrow } from "./find-api";

/** PUT /apis/:id `{name}`: only the name changes; the identifier is immutable (tokens carry it). */
export async function updateApi(tx: Tx, actor: Actor, id: string, input: ApiUpdateInput) {
  const data = apiUpdateSchema.parse(input);
  await findApiOrThrow(tx, id);
  const api = await tx.api.update({ where: { id }, data: { name: data.name }, include: { permissions: true } });
  await writeAudit(tx, "API_UPDATED", actor.meta, actor.userId, { apiId: id, name: api.name });
  return apiDto(api);
}
