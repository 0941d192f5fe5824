import { db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { secretDto } from "./client-secrets";

/** GET /oidc/clients/:id/secrets: prefix, dates and state of each secret, never a value or hash. */
export async function listClientSecrets(id: string, tx: Tx = db()) {
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  if (!(await tx.oidcClient.findUnique({ where: { id }, select: { id: true } }))) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const rows = await tx.oidcClientSecret.findMany({ where: { clientId: id }, orderBy: { createdAt: "desc" } });
  return rows.map((r) => secretDto(r));
}
