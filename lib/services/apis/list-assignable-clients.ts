import { db, type Tx } from "../../db/client";
import { containsText } from "../transaction";
import { API_CLIENT_SELECT, apiClientDto } from "./api-dto";
import { findApiOrThrow } from "./find-api";

/** GET /apis/:id/assignable-clients: clients not granted this API yet (optionally searched by name or id), by name. */
export async function listAssignableClients(id: string, search = "", tx: Tx = db()) {
  await findApiOrThrow(tx, id);
  const s = search.trim();
  const rows = await tx.oidcClient.findMany({
    where: { allowedApis: { none: { apiId: id } }, ...(s ? { OR: [{ name: containsText(s) }, { id: containsText(s) }] } : {}) },
    select: API_CLIENT_SELECT,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 200,
  });
  return rows.map(apiClientDto);
}
