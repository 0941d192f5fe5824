import { z } from "zod";
import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { transaction } from "@/lib/services/transaction";
import { revokeAuthorizedClient } from "@/lib/services/my-apps/revoke-authorized-client";

export const dynamic = "force-dynamic";

/**
 * Revoke an app (inventory §1.5 DELETE /api/oidc/users/me/authorized-clients/:clientId): the
 * consent and every token this user holds for the app; 204.
 */
export const DELETE = apiOperation(
  {
    id: "oidc.users.me.authorized-clients.revoke",
    method: "DELETE",
    path: "/api/oidc/users/me/authorized-clients/{clientId}",
    tag: "My Apps",
    auth: "user",
    summary: "Revoke an app's access: forget the consent and end its tokens",
    params: z.object({ clientId: z.string() }),
  },
  async ({ caller, params, meta }) => {
    await transaction((tx) => revokeAuthorizedClient(tx, caller.userId, params.clientId, meta));
  },
);

export const { GET, HEAD, POST, PUT, PATCH } = methodNotAllowed(["DELETE"]);
