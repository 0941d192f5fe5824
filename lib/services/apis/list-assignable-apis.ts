import { db, type Tx } from "../../db/client";
import { findClientOrThrow } from "./find-client";

/** GET /api-access/:clientId/assignable-apis: APIs the client has no grant on yet, by name. */
export async function listAssignableApis(clientId: string, tx: Tx = db()) {
  await findClientOrThrow(tx, clientId);
  const apis = await tx.api.findMany({
    where: { allowedClients: { none: { oidcClientId: clientId } } },
    include: { _count: { select: { permissions: true } } },
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
  return apis.map((a) => ({ id: a.id, name: a.name, resource: a.audience, createdAt: a.createdAt.toISOString(), permissionCount: a._count.permissions }));
}
