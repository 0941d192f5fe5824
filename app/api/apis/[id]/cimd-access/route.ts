import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setApiCimdAccess } from "@/lib/services/apis/set-api-cimd-access";
import { apiDtoSchema, cimdAccessSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "apis.setCimdAccess", method: "PUT", path: "/api/apis/{id}/cimd-access", tag: "APIs", auth: "admin",
    summary: "Let every Client ID Metadata Document client use this API with the chosen permissions", params: idParams, body: cimdAccessSchema, response: apiDtoSchema,
  },
  async (ctx) => transaction((tx) => setApiCimdAccess(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
