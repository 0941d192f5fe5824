import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { auditLogCsv } from "@/lib/services/audit-logs/audit-log-csv";
import { AUDIT_EXPORT_MAX_ROWS, allAuditLogRows, allAuditLogsQuerySchema } from "@/lib/services/audit-logs/list-all-audit-logs";

export const dynamic = "force-dynamic";

/**
 * CSV export of a filtered global audit log view (issue 8 item 6, beyond Pocket ID): the same
 * filters, search and sort as GET /api/audit-logs/all, every matching row (pagination ignored).
 */
export const GET = apiOperation(
  {
    id: "audit-logs.export",
    method: "GET",
    path: "/api/audit-logs/export",
    tag: "Audit log",
    auth: "admin",
    summary: "Download the filtered audit log as CSV",
    description: `Same query as GET /api/audit-logs/all; pagination is ignored and at most ${AUDIT_EXPORT_MAX_ROWS} rows are written. Cells that a spreadsheet would read as a formula are prefixed with an apostrophe.`,
    query: allAuditLogsQuerySchema,
  },
  async ({ query }) => {
    const csv = auditLogCsv(await allAuditLogRows(query));
    const date = new Date().toISOString().slice(0, 10);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="audit-log-${date}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  },
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
