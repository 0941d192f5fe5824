import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { clientAdminDtoSchema, clientUpdateSchema } from "@/lib/services/oidc-clients/client-admin-dto";
import { getClientAdmin } from "@/lib/services/oidc-clients/get-client-admin";
import { updateClient } from "@/lib/services/oidc-clients/update-client";
import { deleteClient } from "@/lib/services/oidc-clients/delete-client";
import { fetchLogosFromBody, storeFetchedLogos } from "@/lib/services/client-logos/client-logo-urls";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "oidcClients.get", method: "GET", path: "/api/oidc/clients/{id}", tag: "OIDC clients", auth: "admin", summary: "Get an OIDC client with its allowed groups", params: idParams, response: clientAdminDtoSchema },
  async ({ params }) => getClientAdmin(params.id),
);

export const PUT = apiOperation(
  {
    id: "oidcClients.update", method: "PUT", path: "/api/oidc/clients/{id}", tag: "OIDC clients", auth: "admin",
    summary: "Replace an OIDC client's settings", description: "Fields left out take their defaults, as in Pocket ID. Making a client public deletes its secrets.",
    params: idParams, body: clientUpdateSchema, response: clientAdminDtoSchema,
  },
  async (ctx) => {
    // Inventory §2.18 logoUrl/darkLogoUrl: downloaded before the transaction, stored within it.
    const logos = await fetchLogosFromBody(ctx.body);
    return transaction(async (tx) => {
      const updated = await updateClient(tx, actorOf(ctx), ctx.params.id, ctx.body);
      if (!logos.light && !logos.dark) return updated;
      await storeFetchedLogos(tx, actorOf(ctx), ctx.params.id, logos);
      return { ...updated, hasLogo: updated.hasLogo || !!logos.light, hasDarkLogo: updated.hasDarkLogo || !!logos.dark };
    });
  },
);

export const DELETE = apiOperation(
  { id: "oidcClients.delete", method: "DELETE", path: "/api/oidc/clients/{id}", tag: "OIDC clients", auth: "admin", summary: "Delete an OIDC client", params: idParams },
  async (ctx) => transaction((tx) => deleteClient(tx, actorOf(ctx), ctx.params.id)),
);

export const { POST, PATCH } = methodNotAllowed(["GET", "PUT", "DELETE"]);
