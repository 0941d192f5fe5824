import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { toListParams, paginatedSchema } from "@/lib/services/list-query";
import { listApis, listApisQuerySchema, type ApiListParams } from "@/lib/services/apis/list-apis";
import { createApi } from "@/lib/services/apis/create-api";
import { apiCreateSchema, apiDtoSchema, apiListItemSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "apis.list", method: "GET", path: "/api/apis", tag: "APIs", auth: "admin",
    summary: "List OAuth APIs (resource servers) with permission counts", query: listApisQuerySchema, response: paginatedSchema(apiListItemSchema),
  },
  async ({ query }) => listApis(toListParams(query) as ApiListParams),
);

export const POST = apiOperation(
  { id: "apis.create", method: "POST", path: "/api/apis", tag: "APIs", auth: "admin", summary: "Create an API: name and immutable resource identifier", body: apiCreateSchema, response: apiDtoSchema, status: 201 },
  async (ctx) => transaction((tx) => createApi(tx, actorOf(ctx), ctx.body)),
);

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
