import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { previewClientTokens } from "@/lib/services/oidc-clients/preview-client-tokens";

export const dynamic = "force-dynamic";

const payload = z.record(z.string(), z.unknown());

export const GET = apiOperation(
  {
    id: "oidcClients.preview", method: "GET", path: "/api/oidc/clients/{id}/preview/{userId}", tag: "OIDC clients", auth: "admin",
    summary: "Preview the ID token, access token and userinfo a user would get from a client",
    description:
      "The decoded payloads, built by the same code as real issuance with the client's claim mapping, as if the user signed in now with a passkey. " +
      "Nothing is signed, stored or audited; jti, nonce, at_hash and sid differ in real tokens. idToken and userInfo are null without the openid scope. " +
      "Errors: not_found (client), user_not_found, invalid_scope (unknown or no scope).",
    params: z.object({ id: z.string(), userId: z.string() }),
    query: z.object({ scopes: z.string().max(1000, "Use at most 1000 characters").optional().describe("Space-separated scopes; default: openid profile email groups") }),
    response: z.object({ scopes: z.array(z.string()), idToken: payload.nullable(), accessToken: payload, userInfo: payload.nullable(), warnings: z.array(z.string()) }),
  },
  async ({ params, query }) => previewClientTokens(params.id, params.userId, query.scopes),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
