import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { toListParams, paginatedSchema } from "@/lib/services/list-query";
import { listUserGroups, listUserGroupsQuerySchema, type GroupListParams } from "@/lib/services/user-groups/list-user-groups";
import { createUserGroup } from "@/lib/services/user-groups/create-user-group";
import { groupInputSchema, groupListItemSchema } from "@/lib/services/user-groups/group-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "userGroups.list", method: "GET", path: "/api/user-groups", tag: "User groups", auth: "admin",
    summary: "List user groups with member counts", query: listUserGroupsQuerySchema, response: paginatedSchema(groupListItemSchema),
  },
  async ({ query }) => listUserGroups(toListParams(query) as GroupListParams),
);

export const POST = apiOperation(
  { id: "userGroups.create", method: "POST", path: "/api/user-groups", tag: "User groups", auth: "admin", summary: "Create a user group", body: groupInputSchema, response: groupListItemSchema, status: 201 },
  async (ctx) => transaction((tx) => createUserGroup(tx, actorOf(ctx), ctx.body)),
);

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
