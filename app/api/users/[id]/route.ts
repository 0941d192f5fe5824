import { apiOperation, actorOf, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { getUser } from "@/lib/services/users/get-user";
import { updateUser } from "@/lib/services/users/update-user";
import { deleteUser } from "@/lib/services/users/delete-user";
import { userUpdateSchema } from "@/lib/services/users/user-input";
import { userDtoSchema } from "@/lib/services/users/user-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "users.get", method: "GET", path: "/api/users/{id}", tag: "Users", auth: "admin", summary: "Get a user", params: idParams, response: userDtoSchema },
  async ({ params }) => getUser(params.id),
);

export const PUT = apiOperation(
  {
    id: "users.update", method: "PUT", path: "/api/users/{id}", tag: "Users", auth: "admin", summary: "Update a user",
    description: "Fields left out keep their value. An admin cannot demote or disable themself; the last enabled admin cannot be demoted or disabled (403 forbidden). Disabling ends the user's sessions.",
    params: idParams, body: userUpdateSchema, response: userDtoSchema,
  },
  async (ctx) => transaction((tx) => updateUser(tx, actorOf(ctx), ctx.params.id, ctx.body)),
);

export const DELETE = apiOperation(
  {
    id: "users.delete", method: "DELETE", path: "/api/users/{id}", tag: "Users", auth: "admin", summary: "Delete a user",
    description: "Not yourself, and never the last enabled admin (403 forbidden).", params: idParams,
  },
  async (ctx) => transaction((tx) => deleteUser(tx, actorOf(ctx), ctx.params.id)),
);

export const { POST, PATCH } = methodNotAllowed(["GET", "PUT", "DELETE"]);
