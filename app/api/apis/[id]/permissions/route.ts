import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setApiPermissions } from "@/lib/services/apis/set-api-permissions";
import { apiDtoSchema, permissionsUpdateSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "apis.setPermissions", method: "PUT", path: "/api/apis/{id}/permissions", tag: "APIs", auth: "admin",
    summary: "Replace an API's permissions (matched by key: kept keys keep their client grants)", params: idParams, body: permissionsUpdateSchema, response: apiDtoSchema,
  },
  async (ctx) => transaction((tx) => setApiPermissions(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
