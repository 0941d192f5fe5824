import { apiOperation } from "@/lib/http/api-route";
import { methodNotAllowed } from "@/lib/http/api";
import { listPasskeys } from "@/lib/services/passkeys/list-passkeys";

export const dynamic = "force-dynamic";

/** The caller's own passkeys (inventory §1.5 GET /api/webauthn/credentials). */
export const GET = apiOperation(
  { id: "webauthn.credentials.list", method: "GET", path: "/api/webauthn/credentials", tag: "Passkeys", auth: "user", summary: "List your passkeys" },
  async ({ caller }) => listPasskeys(caller.userId),
);

export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
