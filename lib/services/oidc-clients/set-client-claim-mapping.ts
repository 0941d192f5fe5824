import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { parseStoredClaimMapping, type ClaimMapping } from "../../oidc/claim-mapping";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { claimMappingSchema, storedClaimMapping } from "./claim-mapping-schema";

/**
 * Replaces a client's claim mapping (the Claims tab; the REST API does it through PUT
 * /oidc/clients/:id `claimMapping`). null resets it. The next token, userinfo or introspection
 * answer uses it; tokens already issued keep what they carry.
 */
export async function setClientClaimMapping(tx: Tx, actor: Actor, id: string, input: unknown): Promise<ClaimMapping> {
  const mapping = input === null ? null : claimMappingSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const current = await tx.oidcClient.findUnique({ where: { id }, select: { name: true } });
  if (!current) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const stored = storedClaimMapping(mapping);
  await tx.oidcClient.update({ where: { id }, data: { claimMapping: stored } });
  await writeAudit(tx, "CLIENT_UPDATED", actor.meta, actor.userId, { clientId: id, clientName: current.name });
  return parseStoredClaimMapping(stored);
}
