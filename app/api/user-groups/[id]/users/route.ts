import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setUserGroupMembers } from "@/lib/services/user-groups/set-user-group-members";
import { groupDetailSchema, userIdsSchema } from "@/lib/services/user-groups/group-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  { id: "userGroups.setMembers", method: "PUT", path: "/api/user-groups/{id}/users", tag: "User groups", auth: "admin", summary: "Replace a group's members", params: idParams, body: userIdsSchema, response: groupDetailSchema },
  async (ctx) => transaction((tx) => setUserGroupMembers(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, HEAD, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
