import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listAuditUsers } from "@/lib/services/audit-logs/audit-log-filters";

export const dynamic = "force-dynamic";

/** Inventory §1.5 GET /api/audit-logs/filters/users: `{userId: username}` for the user filter. */
export const GET = apiOperation(
  {
    id: "audit-logs.filterUsers",
    method: "GET",
    path: "/api/audit-logs/filters/users",
    tag: "Audit log",
    auth: "admin",
    summary: "Map the user IDs in the audit log to usernames",
    response: z.record(z.string(), z.string()),
  },
  async () => listAuditUsers(),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
