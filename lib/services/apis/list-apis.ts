import { db, type Tx } from "../../db/client";
import type { Prisma } from "../../db/generated/sqlite/client";
import { containsText } from "../transaction";
import { listQuerySchema, paginated, type ListParams } from "../list-query";
import { apiListItemDto } from "./api-dto";

export const API_SORT_COLUMNS = ["name", "resource", "createdAt"] as const;
export const listApisQuerySchema = listQuerySchema({ sort: API_SORT_COLUMNS, search: true });
export type ApiListParams = ListParams<(typeof API_SORT_COLUMNS)[number]>;

/** GET /apis (inventory §1.5): search in name and resource, sortable, with permission counts. */
export async function listApis(p: ApiListParams, tx: Tx = db()) {
  const where: Prisma.ApiWhereInput = {};
  if (p.search) {
    const s = containsText(p.search);
    where.OR = [{ name: s }, { audience: s }];
  }
  const dir = p.sort?.direction ?? "asc";
  const column = p.sort?.column === "resource" ? "audience" : (p.sort?.column ?? "name");
  const [total, rows] = await Promise.all([
    tx.api.count({ where }),
    tx.api.findMany({ where, orderBy: [{ [column]: dir }, { id: "asc" }], include: { _count: { select: { permissions: true } } }, skip: (p.page - 1) * p.limit, take: p.limit }),
  ]);
  return paginated(rows.map(apiListItemDto), total, p);
}
