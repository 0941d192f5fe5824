import { db } from "../../db/client";
import { CLIENT_META_SELECT, clientMeta, scopeString, type AuthorizedClient } from "./my-app-dto";

/**
 * The apps this user has authorized (inventory §1.5 GET /oidc/users/me/authorized-clients, §2.4
 * consent memory): the scopes granted and the last use, most recent first.
 */
export async function listAuthorizedClients(userId: string, opts: { hasLaunchURL?: boolean } = {}): Promise<AuthorizedClient[]> {
  const rows = await db().userAuthorizedClient.findMany({
    where: { userId, ...(opts.hasLaunchURL === true ? { client: { launchUrl: { not: null } } } : {}) },
    select: { scope: true, lastUsedAt: true, client: { select: CLIENT_META_SELECT } },
    orderBy: { lastUsedAt: "desc" },
  });
  return rows.map((r) => ({ scope: scopeString(r.scope), client: clientMeta(r.client), lastUsedAt: r.lastUsedAt.toISOString() }));
}
