import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { revokeSessions } from "@/lib/services/sessions/revoke-sessions";

export const dynamic = "force-dynamic";

/** Ends one of your sessions; another user's session id answers 404, like an unknown one. */
export const DELETE = apiOperation(
  { id: "users.me.sessions.revoke", method: "DELETE", path: "/api/users/me/sessions/{id}", tag: "Sessions", auth: "user", summary: "End one of your sessions", params: idParams },
  async ({ caller, meta, params }) => {
    await transaction((tx) => revokeSessions(tx, { userId: caller.userId, meta }, { userId: caller.userId, ids: [params.id] }));
  },
);

export const { GET, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
