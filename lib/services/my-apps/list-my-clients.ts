import { db } from "../../db/client";
import { CLIENT_META_SELECT, clientMeta, type MyClient } from "./my-app-dto";

/**
 * "My Apps" (inventory §1.5 GET /oidc/users/me/clients): the clients this user may sign in to:
 * unrestricted ones and group-restricted ones that allow one of the user's groups (the same rule
 * as /authorize, lib/oidc/authorize/steps.ts isAllowedUser), with when the user last used each.
 * Sorted by last use (never used last), then name. `hasLaunchURL` keeps only apps with a link.
 */
export async function listMyClients(userId: string, opts: { hasLaunchURL?: boolean } = {}): Promise<MyClient[]> {
  const rows = await db().oidcClient.findMany({
    where: {
      OR: [{ isGroupRestricted: false }, { allowedGroups: { some: { userGroup: { members: { some: { userId } } } } } }],
      ...(opts.hasLaunchURL === true ? { launchUrl: { not: null } } : opts.hasLaunchURL === false ? { launchUrl: null } : {}),
    },
    select: { ...CLIENT_META_SELECT, authorizedUsers: { where: { userId }, select: { lastUsedAt: true } } },
  });
  const list = rows.map((r) => ({ ...clientMeta(r), lastUsedAt: r.authorizedUsers[0]?.lastUsedAt.toISOString() ?? null }));
  const filtered = opts.hasLaunchURL === true ? list.filter((c) => c.launchURL) : list;
  return filtered.sort((a, b) => (b.lastUsedAt ?? "").localeCompare(a.lastUsedAt ?? "") || a.name.localeCompare(b.name));
}
