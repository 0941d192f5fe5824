import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { revokeApiKey } from "@/lib/services/api-keys/revoke-api-key";

export const dynamic = "force-dynamic";

export const DELETE = apiOperation(
  { id: "apiKeys.revoke", method: "DELETE", path: "/api/api-keys/{id}", tag: "API keys", auth: "user", summary: "Revoke one of your API keys", params: idParams },
  async (ctx) => transaction((tx) => revokeApiKey(tx, actorOf(ctx), ctx.params.id)),
);

export const { GET, HEAD, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
