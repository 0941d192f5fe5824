import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { paginatedSchema, toListParams } from "@/lib/services/list-query";
import { createClient } from "@/lib/services/oidc-clients/create-client";
import { listClientsPage, listClientsQuerySchema, type ClientListParams, type ClientType } from "@/lib/services/oidc-clients/list-clients";
import { clientAdminDtoSchema, clientCreateSchema } from "@/lib/services/oidc-clients/client-admin-dto";
import { getClientAdmin } from "@/lib/services/oidc-clients/get-client-admin";
import { transaction } from "@/lib/services/transaction";
import { fetchLogosFromBody, storeFetchedLogos } from "@/lib/services/client-logos/client-logo-urls";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "oidcClients.list", method: "GET", path: "/api/oidc/clients", tag: "OIDC clients", auth: "admin", summary: "List OIDC clients", query: listClientsQuerySchema, response: paginatedSchema(clientAdminDtoSchema) },
  async ({ query }) => listClientsPage(toListParams(query) as ClientListParams, undefined, (query?.["filters[clientType]"] as ClientType[] | undefined) ?? []),
);

/** Pocket ID 2.14: creating a client over the API creates no secret; POST .../secrets does. */
export const POST = apiOperation(
  {
    id: "oidcClients.create", method: "POST", path: "/api/oidc/clients", tag: "OIDC clients", auth: "admin",
    summary: "Create an OIDC client", description: "No secret is created: add one with POST /api/oidc/clients/{id}/secrets.",
    body: clientCreateSchema, response: clientAdminDtoSchema, status: 201,
  },
  async ({ body, caller, meta }) => {
    // Inventory §2.18 logoUrl/darkLogoUrl: downloaded first, so a bad URL creates nothing.
    const logos = await fetchLogosFromBody(body);
    const { client } = await createClient(body, caller.userId, meta, { withSecret: false });
    if (logos.light || logos.dark) await transaction((tx) => storeFetchedLogos(tx, { userId: caller.userId, meta }, client.id, logos));
    return getClientAdmin(client.id);
  },
);

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
