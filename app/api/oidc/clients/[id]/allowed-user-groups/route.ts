import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { allowedGroupsSchema, setClientAllowedGroups } from "@/lib/services/oidc-clients/set-client-allowed-groups";
import { clientAdminDtoSchema } from "@/lib/services/oidc-clients/client-admin-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "oidcClients.setAllowedGroups", method: "PUT", path: "/api/oidc/clients/{id}/allowed-user-groups", tag: "OIDC clients", auth: "admin",
    summary: "Replace the groups allowed to use a client", description: "Takes effect while the client is group-restricted (isGroupRestricted).",
    params: idParams, body: allowedGroupsSchema, response: clientAdminDtoSchema,
  },
  async (ctx) => transaction((tx) => setClientAllowedGroups(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, HEAD, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
