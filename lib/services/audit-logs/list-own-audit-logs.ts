import { z } from "zod";
import { db } from "../../db/client";
import { listQuerySchema, paginated, queryText, toListParams, type Paginated } from "../list-query";
import { auditLogDto, type AuditLogDto } from "./audit-log-dto";

const SORTABLE = ["createdAt", "event", "ipAddress", "country", "city"] as const;
type SortColumn = (typeof SORTABLE)[number];

/**
 * Pocket ID's list query for the audit log, plus `filters[event]` (event names): without control
 * characters, as in the global log (PostgreSQL fails a query comparing text that holds a NUL).
 */
export const ownAuditLogQuerySchema = listQuerySchema({ sort: SORTABLE }).extend({
  "filters[event]": z.array(queryText(64)).max(50).optional(),
});

/**
 * "My audit log" (inventory §1.5 GET /audit-logs, §6.6): the events recorded for this user,
 * newest first unless another column is chosen, paginated as every Pocket ID list.
 */
export async function listOwnAuditLogs(userId: string, query: z.output<typeof ownAuditLogQuerySchema> | undefined): Promise<Paginated<AuditLogDto>> {
  const p = toListParams<SortColumn, never>(query);
  const events = query?.["filters[event]"] as string[] | undefined;
  const where = { userId, ...(events?.length ? { event: { in: events } } : {}) };
  const orderBy = p.sort ? [{ [p.sort.column]: p.sort.direction }, { id: "asc" as const }] : [{ createdAt: "desc" as const }, { id: "asc" as const }];
  const [rows, total] = await Promise.all([
    db().auditLog.findMany({ where, orderBy, skip: (p.page - 1) * p.limit, take: p.limit }),
    db().auditLog.count({ where }),
  ]);
  return paginated(rows.map(auditLogDto), total, p);
}
