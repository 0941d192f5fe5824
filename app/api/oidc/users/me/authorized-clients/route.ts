import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listAuthorizedClients } from "@/lib/services/my-apps/list-authorized-clients";
import { authorizedClientSchema, hasLaunchUrlQuery } from "@/lib/services/my-apps/my-app-dto";

export const dynamic = "force-dynamic";

/** The apps the caller has authorized (inventory §1.5 GET /api/oidc/users/me/authorized-clients). */
export const GET = apiOperation(
  {
    id: "oidc.users.me.authorized-clients.list",
    method: "GET",
    path: "/api/oidc/users/me/authorized-clients",
    tag: "My Apps",
    auth: "user",
    summary: "List the apps you have authorized, with the scopes granted",
    query: hasLaunchUrlQuery,
    response: z.object({ data: z.array(authorizedClientSchema) }),
  },
  async ({ caller, query }) => ({ data: await listAuthorizedClients(caller.userId, { hasLaunchURL: query["filters[hasLaunchURL]"]?.[0] === "true" }) }),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
