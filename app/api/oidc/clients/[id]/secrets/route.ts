import { z } from "zod";
import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { listClientSecrets } from "@/lib/services/oidc-clients/list-client-secrets";
import { addClientSecret } from "@/lib/services/oidc-clients/add-client-secret";
import { clientSecretCreateSchema, secretDtoSchema, secretWithValueSchema } from "@/lib/services/oidc-clients/client-secrets";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "oidcClients.secrets.list", method: "GET", path: "/api/oidc/clients/{id}/secrets", tag: "OIDC clients", auth: "admin", summary: "List a client's secrets (never their values)", params: idParams, response: z.array(secretDtoSchema) },
  async ({ params }) => listClientSecrets(params.id),
);

/** Creates a secret; the value is in this response only. */
export const POST = apiOperation(
  {
    id: "oidcClients.secrets.create", method: "POST", path: "/api/oidc/clients/{id}/secrets", tag: "OIDC clients", auth: "admin",
    summary: "Add a client secret", description: "Generated unless `secret` is given; the value is in this answer only. The body may be left out.",
    params: idParams, body: clientSecretCreateSchema, optionalBody: true, response: secretWithValueSchema, status: 201,
  },
  async (ctx) => transaction((tx) => addClientSecret(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
