import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listAssignableApis } from "@/lib/services/apis/list-assignable-apis";
import { apiListItemSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "apiAccess.listAssignableApis", method: "GET", path: "/api/api-access/{clientId}/assignable-apis", tag: "APIs", auth: "admin",
    summary: "APIs a client has no grant on yet", params: z.object({ clientId: z.string() }), response: z.array(apiListItemSchema),
  },
  async ({ params }) => listAssignableApis(params.clientId),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
