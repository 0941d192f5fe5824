import type { Tx } from "../../db/client";

/**
 * One client's grants on one API (inventory §2.16), from the two grant tables: access per
 * subject type ("user" = user-delegated, "client" = client credentials) and the permissions per
 * subject type. CIMD fields come from the API's own switch (only CIMD clients get them).
 */
export async function loadGrants(tx: Tx, where: { apiId?: string; clientId?: string }) {
  const access = await tx.oidcClientAllowedApi.findMany({
    where: { ...(where.apiId ? { apiId: where.apiId } : {}), ...(where.clientId ? { oidcClientId: where.clientId } : {}) },
  });
  const perms = await tx.oidcClientAllowedApiPermission.findMany({
    where: {
      ...(where.clientId ? { oidcClientId: where.clientId } : {}),
      ...(where.apiId ? { permission: { apiId: where.apiId } } : {}),
    },
    include: { permission: { select: { apiId: true } } },
  });
  const grants = new Map<string, { clientId: string; apiId: string; userDelegatedAccess: boolean; clientAccess: boolean; userDelegatedPermissionIds: string[]; clientPermissionIds: string[] }>();
  const entry = (clientId: string, apiId: string) => {
    const k = `${clientId}\n${apiId}`;
    let g = grants.get(k);
    if (!g) grants.set(k, (g = { clientId, apiId, userDelegatedAccess: false, clientAccess: false, userDelegatedPermissionIds: [], clientPermissionIds: [] }));
    return g;
  };
  for (const a of access) {
    const g = entry(a.oidcClientId, a.apiId);
    if (a.subjectType === "user") g.userDelegatedAccess = true;
    if (a.subjectType === "client") g.clientAccess = true;
  }
  for (const p of perms) {
    const g = entry(p.oidcClientId, p.permission.apiId);
    (p.subjectType === "client" ? g.clientPermissionIds : g.userDelegatedPermissionIds).push(p.apiPermissionId);
  }
  for (const g of grants.values()) {
    g.userDelegatedPermissionIds.sort();
    g.clientPermissionIds.sort();
  }
  return [...grants.values()];
}

/** What a CIMD client gets from an API's "allow CIMD clients" switch (inventory §2.16). */
export function cimdGrant(api: { allowCimdClients: boolean; permissions: { id: string; allowedForCimdClients: boolean }[] }, clientType: string) {
  const on = clientType === "cimd" && api.allowCimdClients;
  return {
    cimdGrantedAccess: on,
    cimdGrantedPermissionIds: on ? api.permissions.filter((p) => p.allowedForCimdClients).map((p) => p.id).sort() : [],
  };
}
