import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setApiClientGrant } from "@/lib/services/apis/set-api-client-grant";
import { removeApiClientGrant } from "@/lib/services/apis/remove-api-client-grant";
import { apiClientAccessSchema, clientGrantSchema, clientIdParams } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "apis.setClientGrant", method: "PUT", path: "/api/apis/{id}/clients/{clientId}", tag: "APIs", auth: "admin",
    summary: "Set what a client may do with this API: user-delegated and client access, each with permissions", params: clientIdParams, body: clientGrantSchema, response: apiClientAccessSchema,
  },
  async (ctx) => transaction((tx) => setApiClientGrant(tx, actorOf(ctx), ctx.params.id, ctx.params.clientId, ctx.body)),
);

export const DELETE = apiOperation(
  { id: "apis.removeClientGrant", method: "DELETE", path: "/api/apis/{id}/clients/{clientId}", tag: "APIs", auth: "admin", summary: "Take this API away from a client", params: clientIdParams },
  async (ctx) => transaction((tx) => removeApiClientGrant(tx, actorOf(ctx), ctx.params.id, ctx.params.clientId)),
);

export const { GET, POST, PATCH } = methodNotAllowed(["PUT", "DELETE"]);
