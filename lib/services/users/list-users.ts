import { db, type Tx } from "../../db/client";
import type { Prisma } from "../../db/generated/sqlite/client";
import { STATIC_API_USER_ID } from "../../auth/api-key-auth";
import { containsText } from "../transaction";
import { listQuerySchema, paginated, type ListParams } from "../list-query";
import { userDto, userInclude } from "./user-dto";

export const USER_SORT_COLUMNS = ["username", "email", "emailVerified", "firstName", "lastName", "displayName", "isAdmin", "disabled", "createdAt"] as const;
export const USER_FILTERS = ["isAdmin", "disabled", "emailVerified"] as const;
export const listUsersQuerySchema = listQuerySchema({ sort: USER_SORT_COLUMNS, filters: USER_FILTERS, search: true });
export type UserListParams = ListParams<(typeof USER_SORT_COLUMNS)[number], (typeof USER_FILTERS)[number]>;

/**
 * GET /users (inventory §1.5): `search` in username, email, first, last and display name
 * (case-insensitive), boolean filters, sort, pagination. The static API user is not a person
 * and is not listed.
 */
export async function listUsers(p: UserListParams, tx: Tx = db()) {
  const where: Prisma.UserWhereInput = { id: { not: STATIC_API_USER_ID } };
  if (p.search) {
    const s = containsText(p.search);
    where.OR = [{ username: s }, { email: s }, { firstName: s }, { lastName: s }, { displayName: s }];
  }
  for (const field of USER_FILTERS) {
    const values = p.filters[field];
    // Both true and false listed means no restriction.
    if (values?.length && !(values.includes(true) && values.includes(false))) where[field] = values[0];
  }
  const orderBy: Prisma.UserOrderByWithRelationInput[] = p.sort
    ? [p.sort.column === "username" ? { usernameKey: p.sort.direction } : { [p.sort.column]: p.sort.direction }, { id: "asc" }]
    : [{ usernameKey: "asc" }, { id: "asc" }];
  const [total, rows] = await Promise.all([
    tx.user.count({ where }),
    tx.user.findMany({ where, orderBy, include: userInclude, skip: (p.page - 1) * p.limit, take: p.limit }),
  ]);
  return paginated(rows.map(userDto), total, p);
}
