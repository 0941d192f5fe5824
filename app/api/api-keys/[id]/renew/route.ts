import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { renewApiKey } from "@/lib/services/api-keys/renew-api-key";
import { apiKeyRenewSchema, apiKeyWithTokenSchema } from "@/lib/services/api-keys/api-key-dto";

export const dynamic = "force-dynamic";

export const POST = apiOperation(
  {
    id: "apiKeys.renew", method: "POST", path: "/api/api-keys/{id}/renew", tag: "API keys", auth: "user", apiKey: false,
    summary: "Renew an expired API key", description: "Only an expired key can be renewed (api_key_not_expired otherwise); it gets a new token, shown in this answer only.",
    params: idParams, body: apiKeyRenewSchema, response: apiKeyWithTokenSchema,
  },
  async (ctx) => transaction((tx) => renewApiKey(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
