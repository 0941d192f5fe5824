import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { paginatedSchema, toListParams } from "@/lib/services/list-query";
import { listApiKeys, listApiKeysQuerySchema, type ApiKeyListParams } from "@/lib/services/api-keys/list-api-keys";
import { createApiKey } from "@/lib/services/api-keys/create-api-key";
import { apiKeyCreateSchema, apiKeyDtoSchema, apiKeyWithTokenSchema } from "@/lib/services/api-keys/api-key-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "apiKeys.list", method: "GET", path: "/api/api-keys", tag: "API keys", auth: "user", summary: "Your API keys", query: listApiKeysQuerySchema, response: paginatedSchema(apiKeyDtoSchema) },
  async ({ caller, query }) => listApiKeys(caller.userId, toListParams(query) as ApiKeyListParams),
);

export const POST = apiOperation(
  {
    id: "apiKeys.create", method: "POST", path: "/api/api-keys", tag: "API keys", auth: "user", apiKey: false,
    summary: "Create an API key", description: "The token is in this answer only; store it now. Needs a signed-in browser session (an API key cannot create keys).",
    body: apiKeyCreateSchema, response: apiKeyWithTokenSchema, status: 201,
  },
  async (ctx) => transaction((tx) => createApiKey(tx, actorOf(ctx), ctx.body)),
);

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
