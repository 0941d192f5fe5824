import { db, type Tx } from "../../db/client";
import { API_CLIENT_SELECT, apiClientDto } from "./api-dto";
import { findApiOrThrow } from "./find-api";
import { cimdGrant, loadGrants } from "./grants";

/** GET /apis/:id/clients: the clients granted this API, with what each may do, sorted by name. */
export async function listApiClients(id: string, tx: Tx = db()) {
  const api = await findApiOrThrow(tx, id);
  const grants = await loadGrants(tx, { apiId: id });
  const clients = await tx.oidcClient.findMany({ where: { id: { in: grants.map((g) => g.clientId) } }, select: API_CLIENT_SELECT });
  const byId = new Map(clients.map((c) => [c.id, c]));
  return grants
    .filter((g) => byId.has(g.clientId))
    .map(({ clientId, apiId: _apiId, ...g }) => {
      const c = byId.get(clientId)!;
      return { client: apiClientDto(c), ...g, ...cimdGrant(api, c.clientType) };
    })
    .sort((a, b) => a.client.name.localeCompare(b.client.name) || a.client.id.localeCompare(b.client.id));
}
