import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listClientApis } from "@/lib/services/apis/list-client-apis";
import { clientApiGrantSchema } from "@/lib/services/apis/api-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  {
    id: "apiAccess.listApis", method: "GET", path: "/api/api-access/{clientId}/apis", tag: "APIs", auth: "admin",
    summary: "The APIs a client may use, with its access and permissions on each", params: z.object({ clientId: z.string() }), response: z.array(clientApiGrantSchema),
  },
  async ({ params }) => listClientApis(params.clientId),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
