import { z } from "zod";
import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { listSessions } from "@/lib/services/sessions/list-sessions";
import { revokeSessions } from "@/lib/services/sessions/revoke-sessions";
import { sessionDtoSchema } from "@/lib/services/sessions/session-dto";

export const dynamic = "force-dynamic";

export const GET = apiOperation(
  { id: "users.sessions.list", method: "GET", path: "/api/users/{id}/sessions", tag: "Sessions", auth: "admin", summary: "List a user's active sessions", params: idParams, response: z.array(sessionDtoSchema) },
  async ({ caller, params }) => listSessions(params.id, caller.sessionId),
);

/** Signs the user out everywhere (the admin's own current session is kept when they end their own). */
export const DELETE = apiOperation(
  {
    id: "users.sessions.revoke-all",
    method: "DELETE",
    path: "/api/users/{id}/sessions",
    tag: "Sessions",
    auth: "admin",
    summary: "End all of a user's sessions",
    params: idParams,
    response: z.object({ ended: z.number() }),
  },
  async ({ caller, meta, params }) =>
    transaction((tx) =>
      revokeSessions(tx, { userId: caller.userId, meta }, { userId: params.id, exceptId: params.id === caller.userId ? caller.sessionId : null, actorUsername: caller.user.username }),
    ),
);

export const { POST, PUT, PATCH } = methodNotAllowed(["GET", "DELETE"]);
