import { z } from "zod";
import { db, type Tx } from "../../db/client";
import type { Prisma } from "../../db/generated/sqlite/client";
import { containsText } from "../transaction";
import { listQuerySchema, paginated, type ListParams } from "../list-query";
import { clientAdminDto, clientAdminInclude } from "./client-admin-dto";

export const CLIENT_SORT_COLUMNS = ["name", "createdAt", "allowedUserGroupsCount", "isPublic", "pkceEnabled", "isGroupRestricted"] as const;
export const CLIENT_FILTERS = ["pkceEnabled", "requiresReauthentication", "requiresPushedAuthorizationRequests", "skipConsent", "isGroupRestricted", "pkceSupported", "isPublic"] as const;
export const CLIENT_TYPES = ["standard", "cimd"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];
export const listClientsQuerySchema = listQuerySchema({ sort: CLIENT_SORT_COLUMNS, filters: CLIENT_FILTERS, search: true }).extend({
  "filters[clientType]": z.array(z.enum(CLIENT_TYPES, { error: "Filter clientType by standard or cimd" })).max(2).optional(),
});
export type ClientListParams = ListParams<(typeof CLIENT_SORT_COLUMNS)[number], (typeof CLIENT_FILTERS)[number]>;

/** GET /oidc/clients (inventory §1.5): search on name (or client ID), boolean filters, clientType, sort incl. allowed-group count. */
export async function listClientsPage(p: ClientListParams, tx: Tx = db(), clientTypes: readonly ClientType[] = []) {
  const where: Prisma.OidcClientWhereInput = {};
  if (clientTypes.length) where.clientType = { in: [...clientTypes] };
  if (p.search) where.OR = [{ name: containsText(p.search) }, { id: containsText(p.search) }];
  for (const field of CLIENT_FILTERS) {
    const values = p.filters[field];
    if (values?.length && !(values.includes(true) && values.includes(false))) where[field] = values[0];
  }
  const dir = p.sort?.direction ?? "asc";
  const orderBy: Prisma.OidcClientOrderByWithRelationInput[] =
    p.sort?.column === "allowedUserGroupsCount" ? [{ allowedGroups: { _count: dir } }, { id: "asc" }] : [{ [p.sort?.column ?? "name"]: dir }, { id: "asc" }];
  const [total, rows] = await Promise.all([
    tx.oidcClient.count({ where }),
    tx.oidcClient.findMany({ where, orderBy, include: clientAdminInclude, skip: (p.page - 1) * p.limit, take: p.limit }),
  ]);
  return paginated(rows.map(clientAdminDto), total, p);
}
