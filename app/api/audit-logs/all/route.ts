import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { paginatedSchema } from "@/lib/services/list-query";
import { allAuditLogsQuerySchema, globalAuditLogSchema, listAllAuditLogs } from "@/lib/services/audit-logs/list-all-audit-logs";

export const dynamic = "force-dynamic";

/** The global audit log (inventory §1.5 GET /api/audit-logs/all, §6.6). */
export const GET = apiOperation(
  {
    id: "audit-logs.all",
    method: "GET",
    path: "/api/audit-logs/all",
    tag: "Audit log",
    auth: "admin",
    summary: "List every user's audit log entries",
    description: "Filters: `filters[event]`, `filters[userId]`, `filters[clientName]`, `filters[location]` (`internal` or `external`); `search` over event, address, location, username and details.",
    query: allAuditLogsQuerySchema,
    response: paginatedSchema(globalAuditLogSchema),
  },
  async ({ query }) => listAllAuditLogs(query),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
