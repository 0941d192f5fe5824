import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listAssignableClients } from "@/lib/services/apis/list-assignable-clients";
import { apiClientDtoSchema } from "@/lib/services/apis/api-dto";
import { queryText } from "@/lib/services/list-query";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "apis.listAssignableClients", method: "GET", path: "/api/apis/{id}/assignable-clients", tag: "APIs", auth: "admin",
    summary: "Clients that could be granted this API (not granted yet)", params: idParams,
    query: z.object({ search: queryText(200).optional() }), response: z.array(apiClientDtoSchema),
  },
  async ({ params, query }) => listAssignableClients(params.id, query?.search ?? ""),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
