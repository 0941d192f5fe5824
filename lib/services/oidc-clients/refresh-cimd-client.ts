import { db } from "../../db/client";
import { AppError } from "../../errors";
import { refreshCimdClient } from "../../http/cimd-clients";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "./client-admin-dto";
import { getClientAdmin } from "./get-client-admin";

/**
 * POST /oidc/clients/:id/refresh (inventory §1.5, §6.3 "refresh metadata"): fetches a CIMD
 * client's metadata document now instead of when its cache expires. Changed redirect URIs, logout
 * URIs or grants revoke consents as an expiry-driven refresh does (§2.17); the fetch, or its
 * failure, is audited with the acting admin. A failed fetch keeps the last good document.
 * Network I/O, so no transaction is held around it.
 */
export async function refreshCimdClientMetadata(actor: Actor, id: string) {
  if (!isLookupId(id)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const row = await db().oidcClient.findUnique({ where: { id }, select: { clientType: true } });
  if (!row) throw new AppError("not_found", CLIENT_NOT_FOUND);
  if (row.clientType !== "cimd") throw new AppError("not_cimd_client");
  const result = await refreshCimdClient(db(), id, actor);
  if (!result.ok) {
    if (result.reason === "not_allowed") throw new AppError("validation_failed", `${result.error} Add it to the allowlist, then try again.`);
    throw new AppError("cimd_fetch_failed", undefined, { reason: result.error });
  }
  return { ...(await getClientAdmin(id)), consentsRevoked: result.consentsRevoked };
}
