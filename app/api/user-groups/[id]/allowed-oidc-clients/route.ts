import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setUserGroupClients } from "@/lib/services/user-groups/set-user-group-clients";
import { groupDetailSchema, oidcClientIdsSchema } from "@/lib/services/user-groups/group-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "userGroups.setAllowedClients", method: "PUT", path: "/api/user-groups/{id}/allowed-oidc-clients", tag: "User groups", auth: "admin",
    summary: "Replace the OIDC clients this group may use", description: "Does not change a client's isGroupRestricted flag: it only matters for restricted clients.",
    params: idParams, body: oidcClientIdsSchema, response: groupDetailSchema,
  },
  async (ctx) => transaction((tx) => setUserGroupClients(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, HEAD, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
