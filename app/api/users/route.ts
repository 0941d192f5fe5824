import { apiOperation, actorOf } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { toListParams, paginatedSchema } from "@/lib/services/list-query";
import { listUsers, listUsersQuerySchema, type UserListParams } from "@/lib/services/users/list-users";
import { createUser } from "@/lib/services/users/create-user";
import { userCreateSchema } from "@/lib/services/users/user-input";
import { userDtoSchema } from "@/lib/services/users/user-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "users.list", method: "GET", path: "/api/users", tag: "Users", auth: "admin",
    summary: "List users", description: "Search in username, email and names; filter by isAdmin, disabled, emailVerified; sort; paginate.",
    query: listUsersQuerySchema, response: paginatedSchema(userDtoSchema),
  },
  async ({ query }) => listUsers(toListParams(query) as UserListParams),
);

export const POST = apiOperation(
  { id: "users.create", method: "POST", path: "/api/users", tag: "Users", auth: "admin", summary: "Create a user", body: userCreateSchema, response: userDtoSchema, status: 201 },
  async (ctx) => transaction((tx) => createUser(tx, actorOf(ctx), ctx.body)),
);

export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
