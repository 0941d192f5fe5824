import { z } from "zod";
import { db } from "../../db/client";
import { INTERNAL_NETWORK } from "../../http/ip-location";
import { listQuerySchema, paginated, queryText, toListParams, type Paginated } from "../list-query";
import { containsText, likeLiteral, storableText } from "../transaction";
import { auditLogDto, auditLogSchema } from "./audit-log-dto";

const SORTABLE = ["createdAt", "event", "ipAddress", "country", "city", "username"] as const;
type SortColumn = (typeof SORTABLE)[number];

const filterList = (max: number) => z.array(queryText(max)).max(50).optional();

/**
 * The global audit log's query (inventory §1.5 GET /audit-logs/all, §6.6): Pocket ID's list
 * parameters plus `filters[event]`, `filters[userId]`, `filters[clientName]` and
 * `filters[location]` (`internal` = the Internal Network labels, `external` = everything else),
 * and `search` over the event name, address and recorded details.
 */
export const allAuditLogsQuerySchema = listQuerySchema({ sort: SORTABLE, search: true }).extend({
  "filters[event]": filterList(64),
  "filters[userId]": filterList(64),
  "filters[clientName]": filterList(200),
  "filters[location]": z.array(z.enum(["internal", "external"], { error: "Choose internal or external" })).max(2).optional(),
});
export type AllAuditLogsQuery = z.output<typeof allAuditLogsQuerySchema>;

/** A global audit row: the own-log fields plus who it is about (Pocket ID's `username`, `actorUsername`). */
export const globalAuditLogSchema = auditLogSchema.extend({ username: z.string().nullable(), actorUsername: z.string().nullable() });
export type GlobalAuditLogDto = z.infer<typeof globalAuditLogSchema>;

/**
 * A filter's values, null when it is not set. The settings page passes its URL's filters without
 * the API's schema: a value holding NUL matches nothing (on PostgreSQL it failed the whole query).
 */
function filterValues(q: NonNullable<AllAuditLogsQuery>, key: "filters[event]" | "filters[userId]" | "filters[clientName]"): string[] | null {
  const values = q[key] as string[] | undefined;
  return values?.length ? values.filter(storableText) : null;
}

/** The Prisma `where` of a filtered view; shared by the list and the CSV export so both show the same rows. */
export function auditLogWhere(query: AllAuditLogsQuery | undefined) {
  const q = query ?? {};
  const and: object[] = [];
  const events = filterValues(q, "filters[event]");
  if (events) and.push({ event: { in: events } });
  const users = filterValues(q, "filters[userId]");
  if (users) and.push({ userId: { in: users } });
  const clients = filterValues(q, "filters[clientName]");
  // `data` is a JSON object of strings written by JSON.stringify: the exact member text matches.
  if (clients) and.push({ OR: clients.map((name) => ({ data: { contains: likeLiteral(`"clientName":${JSON.stringify(name)}`) } })) });
  const locations = new Set(q["filters[location]"] as string[] | undefined);
  if (locations.size === 1) {
    and.push(locations.has("internal") ? { country: INTERNAL_NETWORK } : { OR: [{ country: null }, { country: { not: INTERNAL_NETWORK } }] });
  }
  const search = ((q.search as string | undefined) ?? "").trim();
  if (search) {
    const s = containsText(search);
    and.push({ OR: [{ event: s }, { ipAddress: s }, { data: s }, { city: s }, { country: s }, { user: { username: s } }] });
  }
  return and.length ? { AND: and } : {};
}

function orderByOf(query: AllAuditLogsQuery | undefined) {
  const p = toListParams<SortColumn, never>(query);
  if (!p.sort) return [{ createdAt: "desc" as const }, { id: "asc" as const }];
  const primary = p.sort.column === "username" ? { user: { username: p.sort.direction } } : { [p.sort.column]: p.sort.direction };
  return [primary, { createdAt: "desc" as const }, { id: "asc" as const }];
}

type Row = Parameters<typeof auditLogDto>[0] & { user: { username: string } | null };

export function globalAuditLogDto(row: Row): GlobalAuditLogDto {
  const dto = auditLogDto(row);
  return { ...dto, username: row.user?.username ?? null, actorUsername: dto.data.actorUsername ?? null };
}

/** GET /audit-logs/all (inventory §1.5, §6.6): every user's events, filtered, sorted, paginated. */
export async function listAllAuditLogs(query: AllAuditLogsQuery | undefined): Promise<Paginated<GlobalAuditLogDto>> {
  const p = toListParams<SortColumn, never>(query);
  const where = auditLogWhere(query);
  const [rows, total] = await Promise.all([
    db().auditLog.findMany({ where, orderBy: orderByOf(query), skip: (p.page - 1) * p.limit, take: p.limit, include: { user: { select: { username: true } } } }),
    db().auditLog.count({ where }),
  ]);
  return paginated(rows.map(globalAuditLogDto), total, p);
}

/** At most this many rows go into one CSV export (newest first by default); the filters narrow it. */
export const AUDIT_EXPORT_MAX_ROWS = 50_000;

/** Every row of a filtered view, in its sort order, for the CSV export (pagination ignored). */
export async function allAuditLogRows(query: AllAuditLogsQuery | undefined): Promise<GlobalAuditLogDto[]> {
  const rows = await db().auditLog.findMany({
    where: auditLogWhere(query),
    orderBy: orderByOf(query),
    take: AUDIT_EXPORT_MAX_ROWS,
    include: { user: { select: { username: true } } },
  });
  return rows.map(globalAuditLogDto);
}
