import type { CimdClientFields } from "../oidc/cimd";
import type { Db } from "./client";
import { isUniqueViolation } from "./errors";

/** What decides whether a CIMD client must be (re)fetched: absent, or a CIMD row past its expiry. */
export async function cimdClientState(root: Db, id: string): Promise<{ kind: "absent" } | { kind: "registered" } | { kind: "cimd"; expiresAt: Date | null }> {
  const row = await root.oidcClient.findUnique({ where: { id }, select: { clientType: true, metadataExpiresAt: true } });
  if (!row) return { kind: "absent" };
  // Inventory §2.17: a registered (admin) client with the same id takes precedence.
  if (row.clientType !== "cimd") return { kind: "registered" };
  return { kind: "cimd", expiresAt: row.metadataExpiresAt };
}

const sameList = (stored: string | null, next: string[]) => stored === JSON.stringify(next);

/**
 * Creates or refreshes the client row a metadata document describes (inventory §2.17/§2.18).
 * Only document-owned fields change on refresh; local ones (description, launch URL once set,
 * re-auth, PAR, skip consent, group restriction, token lifetimes) are the admin's. A change of
 * redirect URIs, logout URIs or grant types revokes every user's consent to the client, so users
 * are asked again for what is now a different app. Never replaces a registered client.
 */
export async function saveCimdClient(root: Db, fields: CimdClientFields, expiresAt: Date): Promise<void> {
  const documentFields = {
    name: fields.name,
    callbackUrls: JSON.stringify(fields.callbackUrls),
    logoutCallbackUrls: JSON.stringify(fields.logoutCallbackUrls),
    isPublic: fields.isPublic,
    pkceEnabled: fields.pkceEnabled,
    metadataExpiresAt: expiresAt,
    metadataGrantTypes: JSON.stringify(fields.grantTypes),
  };
  const existing = await root.oidcClient.findUnique({ where: { id: fields.id }, select: { clientType: true } });
  if (!existing) {
    // Not inside a transaction: on PostgreSQL a failed insert would abort it.
    try {
      await root.oidcClient.create({ data: { id: fields.id, clientType: "cimd", launchUrl: fields.launchUrl, isGroupRestricted: false, ...documentFields } });
    } catch (e) {
      // Another request materialised it first: theirs is as fresh as ours.
      if (!isUniqueViolation(e)) throw e;
    }
    return;
  }
  if (existing.clientType !== "cimd") return;
  await root.$transaction(async (tx) => {
    const row = await tx.oidcClient.findUnique({ where: { id: fields.id } });
    if (!row || row.clientType !== "cimd") return;
    const changed =
      !sameList(row.callbackUrls, fields.callbackUrls) || !sameList(row.logoutCallbackUrls, fields.logoutCallbackUrls) || !sameList(row.metadataGrantTypes, fields.grantTypes);
    await tx.oidcClient.update({ where: { id: fields.id }, data: documentFields });
    if (changed) await tx.userAuthorizedClient.deleteMany({ where: { clientId: fields.id } });
  });
}
