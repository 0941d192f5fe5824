import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { listSessions } from "@/lib/services/sessions/list-sessions";
import { revokeSessions } from "@/lib/services/sessions/revoke-sessions";
import { sessionDtoSchema } from "@/lib/services/sessions/session-dto";

export const dynamic = "force-dynamic";

/** Beyond Pocket ID (stateless sessions): the signed-in user's browser sessions, this one first (`current`). */
export const GET = apiOperation(
  { id: "users.me.sessions.list", method: "GET", path: "/api/users/me/sessions", tag: "Sessions", auth: "user", summary: "List your active sessions", response: z.array(sessionDtoSchema) },
  async ({ caller }) => listSessions(caller.userId, caller.sessionId),
);

/** "Sign out everywhere else": every session but the one making the request (with an API key: all of them). */
export const DELETE = apiOperation(
  {
    id: "users.me.sessions.revoke-others",
    method: "DELETE",
    path: "/api/users/me/sessions",
    tag: "Sessions",
    auth: "user",
    summary: "End all your other sessions",
    response: z.object({ ended: z.number() }),
  },
  async ({ caller, meta }) => transaction((tx) => revokeSessions(tx, { userId: caller.userId, meta }, { userId: caller.userId, exceptId: caller.sessionId })),
);

export const { POST, PUT, PATCH } = methodNotAllowed(["GET", "DELETE"]);
