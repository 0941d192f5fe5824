import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { getUser } from "@/lib/services/users/get-user";
import { minimalGroupSchema } from "@/lib/services/users/user-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "users.groups", method: "GET", path: "/api/users/{id}/groups", tag: "Users", auth: "admin", summary: "Groups of a user", params: idParams, response: z.array(minimalGroupSchema) },
  async ({ params }) => (await getUser(params.id)).userGroups,
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
