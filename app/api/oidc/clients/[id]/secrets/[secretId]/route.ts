import { z } from "zod";
import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { deleteClientSecret } from "@/lib/services/oidc-clients/delete-client-secret";

export const dynamic = "force-dynamic";

export const DELETE = apiOperation(
  {
    id: "oidcClients.secrets.delete", method: "DELETE", path: "/api/oidc/clients/{id}/secrets/{secretId}", tag: "OIDC clients", auth: "admin",
    summary: "Delete a client secret", params: z.object({ id: z.string(), secretId: z.string() }),
  },
  async (ctx) => transaction((tx) => deleteClientSecret(tx, actorOf(ctx), ctx.params.id, ctx.params.secretId)),
);

export const { GET, HEAD, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
