import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { getApi } from "@/lib/services/apis/get-api";
import { updateApi } from "@/lib/services/apis/update-api";
import { deleteApi } from "@/lib/services/apis/delete-api";
import { apiDtoSchema, apiUpdateSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "apis.get", method: "GET", path: "/api/apis/{id}", tag: "APIs", auth: "admin", summary: "Get an API with its permissions", params: idParams, response: apiDtoSchema },
  async ({ params }) => getApi(params.id),
);

export const PUT = apiOperation(
  { id: "apis.update", method: "PUT", path: "/api/apis/{id}", tag: "APIs", auth: "admin", summary: "Rename an API", params: idParams, body: apiUpdateSchema, response: apiDtoSchema },
  async (ctx) => transaction((tx) => updateApi(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const DELETE = apiOperation(
  { id: "apis.delete", method: "DELETE", path: "/api/apis/{id}", tag: "APIs", auth: "admin", summary: "Delete an API with its permissions and client grants", params: idParams },
  async (ctx) => transaction((tx) => deleteApi(tx, actorOf(ctx), ctx.params.id)),
);

export const { POST, PATCH } = methodNotAllowed(["GET", "PUT", "DELETE"]);
