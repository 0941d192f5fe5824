import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { setUserGroups } from "@/lib/services/users/set-user-groups";
import { userGroupIdsSchema } from "@/lib/services/users/user-input";
import { userDtoSchema } from "@/lib/services/users/user-dto";

export const dynamic = "force-dynamic";

export const PUT = apiOperation(
  {
    id: "users.setGroups", method: "PUT", path: "/api/users/{id}/user-groups", tag: "Users", auth: "admin",
    summary: "Replace a user's group memberships", params: idParams, body: userGroupIdsSchema, response: userDtoSchema,
  },
  async (ctx) => transaction((tx) => setUserGroups(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const { GET, HEAD, POST, PATCH, DELETE } = methodNotAllowed(["PUT"]);
