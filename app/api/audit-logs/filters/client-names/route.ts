import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listAuditClientNames } from "@/lib/services/audit-logs/audit-log-filters";

export const dynamic = "force-dynamic";

/** Inventory §1.5 GET /api/audit-logs/filters/client-names: the client filter's choices. */
export const GET = apiOperation(
  {
    id: "audit-logs.filterClientNames",
    method: "GET",
    path: "/api/audit-logs/filters/client-names",
    tag: "Audit log",
    auth: "admin",
    summary: "List the client names that appear in the audit log",
    response: z.array(z.string()),
  },
  async () => listAuditClientNames(),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
