import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { getUser } from "@/lib/services/users/get-user";
import { listAuthorizedClients } from "@/lib/services/my-apps/list-authorized-clients";
import { authorizedClientSchema, hasLaunchUrlQuery } from "@/lib/services/my-apps/my-app-dto";

export const dynamic = "force-dynamic";

/** The apps a user has authorized, for an admin (inventory §1.5 GET /api/oidc/users/:id/authorized-clients). */
export const GET = apiOperation(
  {
    id: "oidc.users.authorized-clients.list",
    method: "GET",
    path: "/api/oidc/users/{id}/authorized-clients",
    tag: "My Apps",
    auth: "admin",
    summary: "List the apps a user has authorized",
    params: idParams,
    query: hasLaunchUrlQuery,
    response: z.object({ data: z.array(authorizedClientSchema) }),
  },
  async ({ params, query }) => {
    // 404 user_not_found for an unknown id, as the other /users/:id routes answer.
    const user = await getUser(params.id);
    return { data: await listAuthorizedClients(user.id, { hasLaunchURL: query["filters[hasLaunchURL]"]?.[0] === "true" }) };
  },
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
