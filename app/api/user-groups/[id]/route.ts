import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { getUserGroup } from "@/lib/services/user-groups/get-user-group";
import { updateUserGroup } from "@/lib/services/user-groups/update-user-group";
import { deleteUserGroup } from "@/lib/services/user-groups/delete-user-group";
import { groupDetailSchema, groupInputSchema, groupListItemSchema } from "@/lib/services/user-groups/group-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "userGroups.get", method: "GET", path: "/api/user-groups/{id}", tag: "User groups", auth: "admin",
    summary: "Get a group with its members, custom claims and allowed OIDC clients", params: idParams, response: groupDetailSchema,
  },
  async ({ params }) => getUserGroup(params.id),
);

export const PUT = apiOperation(
  { id: "userGroups.update", method: "PUT", path: "/api/user-groups/{id}", tag: "User groups", auth: "admin", summary: "Rename a group", params: idParams, body: groupInputSchema, response: groupListItemSchema },
  async (ctx) => transaction((tx) => updateUserGroup(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const DELETE = apiOperation(
  { id: "userGroups.delete", method: "DELETE", path: "/api/user-groups/{id}", tag: "User groups", auth: "admin", summary: "Delete a group", params: idParams },
  async (ctx) => transaction((tx) => deleteUserGroup(tx, actorOf(ctx), ctx.params.id)),
);

export const { POST, PATCH } = methodNotAllowed(["GET", "PUT", "DELETE"]);
