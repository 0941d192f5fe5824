import type { Tx } from "../../db/client";
import { revokeGrants } from "../../db/grants";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";

/**
 * A user revokes an app (inventory §1.5 DELETE /oidc/users/me/authorized-clients/:clientId, §2.4):
 * the consent is deleted, so the next sign-in asks again, and every grant family of this user
 * with this client is revoked in the same transaction, so its refresh and access tokens stop
 * working at once. CLIENT_AUTHORIZATION_REVOKED goes into the user's own audit log. An app the
 * user never authorized is 404 not_found.
 */
export async function revokeAuthorizedClient(tx: Tx, userId: string, clientId: string, meta: RequestMeta): Promise<void> {
  if (!isLookupId(clientId)) throw new AppError("not_found", "This app is not among your authorized apps.");
  const consent = await tx.userAuthorizedClient.findUnique({ where: { userId_clientId: { userId, clientId } }, select: { client: { select: { name: true } } } });
  if (!consent) throw new AppError("not_found", "This app is not among your authorized apps.");
  // A conditional delete: two revokes at once (double click, two tabs) each read the consent on
  // PostgreSQL, and the later one must answer 404 like any other repeat, not fail on a vanished row.
  const { count } = await tx.userAuthorizedClient.deleteMany({ where: { userId, clientId } });
  if (count !== 1) throw new AppError("not_found", "This app is not among your authorized apps.");
  const now = new Date();
  const families = await revokeGrants(tx, { userId, clientId }, now);
  // Tokens from before grant families carry no grant: revoked by owner and client as well.
  await tx.oauthRefreshToken.updateMany({ where: { userId, clientId, revokedAt: null }, data: { revokedAt: now } });
  await tx.oauthAccessToken.updateMany({ where: { userId, clientId, revokedAt: null }, data: { revokedAt: now } });
  await writeAudit(tx, "CLIENT_AUTHORIZATION_REVOKED", meta, userId, { clientId, clientName: consent.client.name, grantsRevoked: String(families) });
}
