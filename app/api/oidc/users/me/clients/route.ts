import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listMyClients } from "@/lib/services/my-apps/list-my-clients";
import { hasLaunchUrlQuery, myClientSchema } from "@/lib/services/my-apps/my-app-dto";

export const dynamic = "force-dynamic";

/** "My Apps" (inventory §1.5 GET /api/oidc/users/me/clients): the apps the caller may use, group restrictions applied. */
export const GET = apiOperation(
  {
    id: "oidc.users.me.clients",
    method: "GET",
    path: "/api/oidc/users/me/clients",
    tag: "My Apps",
    auth: "user",
    summary: "List the apps you may sign in to",
    query: hasLaunchUrlQuery,
    response: z.object({ data: z.array(myClientSchema) }),
  },
  async ({ caller, query }) => {
    const filter = query["filters[hasLaunchURL]"]?.[0];
    return { data: await listMyClients(caller.userId, { hasLaunchURL: filter === undefined ? undefined : filter === "true" }) };
  },
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
