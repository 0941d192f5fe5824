import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { paginatedSchema } from "@/lib/services/list-query";
import { auditLogSchema } from "@/lib/services/audit-logs/audit-log-dto";
import { listOwnAuditLogs, ownAuditLogQuerySchema } from "@/lib/services/audit-logs/list-own-audit-logs";

export const dynamic = "force-dynamic";

/** "My audit log" (inventory §1.5 GET /api/audit-logs): the caller's own events, paginated. */
export const GET = apiOperation(
  {
    id: "audit-logs.own",
    method: "GET",
    path: "/api/audit-logs",
    tag: "Audit log",
    auth: "user",
    summary: "List your own audit log",
    query: ownAuditLogQuerySchema,
    response: paginatedSchema(auditLogSchema),
  },
  async ({ caller, query }) => listOwnAuditLogs(caller.userId, query),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
