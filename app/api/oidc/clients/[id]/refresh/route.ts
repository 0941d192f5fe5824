import { z } from "zod";
import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { clientAdminDtoSchema } from "@/lib/services/oidc-clients/client-admin-dto";
import { refreshCimdClientMetadata } from "@/lib/services/oidc-clients/refresh-cimd-client";

export const dynamic = "force-dynamic";

export const POST = apiOperation(
  {
    id: "oidcClients.refreshMetadata", method: "POST", path: "/api/oidc/clients/{id}/refresh", tag: "OIDC clients", auth: "admin",
    summary: "Re-fetch a CIMD client's metadata document now",
    description:
      "Client ID Metadata Document clients only (400 not_cimd_client otherwise); send the URL id as `~<base64url>`. A changed redirect URI, logout URI or grant list revokes every user's consent to the client (`consentsRevoked`). 502 cimd_fetch_failed keeps the last good document.",
    params: idParams,
    optionalBody: true,
    response: clientAdminDtoSchema.extend({ consentsRevoked: z.boolean() }),
  },
  async (ctx) => refreshCimdClientMetadata(actorOf(ctx), ctx.params.id),
);

export const { GET, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
