import { db } from "../../db/client";

/** How many recent client-bearing rows are scanned for client names (the filter list stays cheap on big logs). */
const CLIENT_NAME_SCAN = 20_000;

/**
 * GET /audit-logs/filters/client-names (inventory §1.5): the distinct `clientName` values the
 * log holds, sorted, for the client filter.
 */
export async function listAuditClientNames(): Promise<string[]> {
  const rows = await db().auditLog.findMany({
    where: { data: { contains: '"clientName":' } },
    select: { data: true },
    orderBy: { createdAt: "desc" },
    take: CLIENT_NAME_SCAN,
  });
  const names = new Set<string>();
  for (const row of rows) {
    try {
      const name = (JSON.parse(row.data) as { clientName?: unknown }).clientName;
      if (typeof name === "string" && name) names.add(name);
    } catch {
      // A row written by hand with broken JSON: nothing to list.
    }
  }
  return [...names].sort((a, b) => a.localeCompare(b));
}

/** GET /audit-logs/filters/users (inventory §1.5): `{userId: username}` of the users the log has rows for. */
export async function listAuditUsers(): Promise<Record<string, string>> {
  const groups = await db().auditLog.groupBy({ by: ["userId"], where: { userId: { not: null } } });
  const ids = groups.map((g) => g.userId).filter((id): id is string => !!id);
  if (!ids.length) return {};
  const users = await db().user.findMany({ where: { id: { in: ids } }, select: { id: true, username: true }, orderBy: { username: "asc" } });
  return Object.fromEntries(users.map((u) => [u.id, u.username]));
}
