import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { clientMetaSchema, getClientMeta } from "@/lib/services/oidc-clients/get-client-meta";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "oidcClients.meta", method: "GET", path: "/api/oidc/clients/{id}/meta", tag: "OIDC clients", auth: "public",
    summary: "Public display metadata of a client", description: "Name, description, logo presence, launch URL: what sign-in and consent pages show.",
    params: idParams, response: clientMetaSchema,
  },
  async ({ params }) => getClientMeta(params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
