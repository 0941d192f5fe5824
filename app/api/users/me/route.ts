import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { userDtoSchema } from "@/lib/services/users/user-dto";
import { getUser } from "@/lib/services/users/get-user";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "users.me", method: "GET", path: "/api/users/me", tag: "Users", auth: "user", summary: "The signed-in user (or the API key's owner)", response: userDtoSchema },
  async ({ caller }) => getUser(caller.userId),
);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
