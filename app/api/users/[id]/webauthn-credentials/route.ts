import { apiOperation, idParams } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";

export const dynamic = "force-dynamic";

/** An admin lists another user's passkeys (inventory §1.5, Pocket ID 2.6). */
export const GET = apiOperation(
  { id: "users.webauthn-credentials.list", method: "GET", path: "/api/users/{id}/webauthn-credentials", tag: "Passkeys", auth: "admin", summary: "List a user's passkeys", params: idParams },
  async ({ params }) => listPasskeys(params.id),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
