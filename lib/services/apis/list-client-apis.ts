import { db, type Tx } from "../../db/client";
import { apiDto } from "./api-dto";
import { cimdGrant, loadGrants } from "./grants";
import { findClientOrThrow } from "./find-client";

/** GET /api-access/:clientId/apis: the APIs a client may reach (granted, or through the CIMD switch), by name. */
export async function listClientApis(clientId: string, tx: Tx = db()) {
  const client = await findClientOrThrow(tx, clientId);
  const grants = await loadGrants(tx, { clientId });
  const apis = await tx.api.findMany({
    where: { OR: [{ id: { in: grants.map((g) => g.apiId) } }, ...(client.clientType === "cimd" ? [{ allowCimdClients: true }] : [])] },
    include: { permissions: true },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return apis.map((api) => {
    const g = grants.find((x) => x.apiId === api.id);
    return {
      api: apiDto(api),
      userDelegatedAccess: g?.userDelegatedAccess ?? false,
      clientAccess: g?.clientAccess ?? false,
      userDelegatedPermissionIds: g?.userDelegatedPermissionIds ?? [],
      clientPermissionIds: g?.clientPermissionIds ?? [],
      ...cimdGrant(api, client.clientType),
    };
  });
}
