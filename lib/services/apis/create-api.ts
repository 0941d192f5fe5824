import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { isUniqueViolation } from "../../db/errors";
import type { Actor } from "../transaction";
import { apiCreateSchema, apiDto, type ApiCreateInput } from "./api-dto";

export const RESOURCE_IN_USE = () =>
  new AppError("already_in_use", "An API with this identifier already exists.", { resource: "An API with this identifier already exists: choose another identifier" });

/** POST /apis `{name, resource}` (inventory §1.5): the identifier is unique and immutable. */
export async function createApi(tx: Tx, actor: Actor, input: ApiCreateInput) {
  const data = apiCreateSchema.parse(input);
  if (await tx.api.findUnique({ where: { audience: data.resource }, select: { id: true } })) throw RESOURCE_IN_USE();
  try {
    const api = await tx.api.create({ data: { name: data.name, audience: data.resource }, include: { permissions: true } });
    await writeAudit(tx, "API_CREATED", actor.meta, actor.userId, { apiId: api.id, name: api.name, resource: api.audience });
    return apiDto(api);
  } catch (e) {
    if (isUniqueViolation(e)) throw RESOURCE_IN_USE();
    throw e;
  }
}
