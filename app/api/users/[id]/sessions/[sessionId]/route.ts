import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { revokeSessions } from "@/lib/services/sessions/revoke-sessions";

export const dynamic = "force-dynamic";

export const DELETE = apiOperation(
  {
    id: "users.sessions.revoke",
    method: "DELETE",
    path: "/api/users/{id}/sessions/{sessionId}",
    tag: "Sessions",
    auth: "admin",
    summary: "End one of a user's sessions",
    params: z.object({ id: z.string(), sessionId: z.string() }),
  },
  async ({ caller, meta, params }) => {
    await transaction((tx) => revokeSessions(tx, { userId: caller.userId, meta }, { userId: params.id, ids: [params.sessionId], actorUsername: caller.user.username }));
  },
);

export const { GET, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
