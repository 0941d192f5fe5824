import { db, type Tx } from "../../db/client";
import type { Prisma } from "../../db/generated/sqlite/client";
import { containsText } from "../transaction";
import { listQuerySchema, paginated, type ListParams } from "../list-query";
import { minimalGroupDto } from "./group-dto";

export const GROUP_SORT_COLUMNS = ["name", "friendlyName", "createdAt", "userCount"] as const;
export const listUserGroupsQuerySchema = listQuerySchema({ sort: GROUP_SORT_COLUMNS, search: true });
export type GroupListParams = ListParams<(typeof GROUP_SORT_COLUMNS)[number]>;

/** GET /user-groups (inventory §1.5): search in name and display name, member counts, sortable by userCount. */
export async function listUserGroups(p: GroupListParams, tx: Tx = db()) {
  const where: Prisma.UserGroupWhereInput = {};
  if (p.search) {
    const s = containsText(p.search);
    where.OR = [{ name: s }, { friendlyName: s }];
  }
  const dir = p.sort?.direction ?? "asc";
  const orderBy: Prisma.UserGroupOrderByWithRelationInput[] =
    p.sort?.column === "userCount" ? [{ members: { _count: dir } }, { id: "asc" }] : [{ [p.sort?.column ?? "friendlyName"]: dir }, { id: "asc" }];
  const [total, rows] = await Promise.all([
    tx.userGroup.count({ where }),
    tx.userGroup.findMany({ where, orderBy, include: { _count: { select: { members: true } } }, skip: (p.page - 1) * p.limit, take: p.limit }),
  ]);
  return paginated(rows.map((g) => minimalGroupDto(g, g._count.members)), total, p);
}
