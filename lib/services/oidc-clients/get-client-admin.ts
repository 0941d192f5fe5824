import { db, type Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { CLIENT_NOT_FOUND, clientAdminDto, clientAdminInclude } from "./client-admin-dto";

/** GET /oidc/clients/:id: the client with its allowed groups. */
export async function getClientAdmin(id: string, tx: Tx = db()) {
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const row = await tx.oidcClient.findUnique({ where: { id }, include: clientAdminInclude });
  if (!row) throw new AppError("not_found", CLIENT_NOT_FOUND);
  return clientAdminDto(row);
}
