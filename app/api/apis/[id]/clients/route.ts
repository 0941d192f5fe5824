import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listApiClients } from "@/lib/services/apis/list-api-clients";
import { apiClientAccessSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "apis.listClients", method: "GET", path: "/api/apis/{id}/clients", tag: "APIs", auth: "admin",
    summary: "The clients granted this API, with user-delegated and client access and their permissions", params: idParams, response: z.array(apiClientAccessSchema),
  },
  async ({ params }) => listApiClients(params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
