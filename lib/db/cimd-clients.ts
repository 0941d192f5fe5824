import type { CimdClientFields } from "../oidc/cimd";
import { writeAudit, type RequestMeta } from "./audit";
import type { Db } from "./client";
import { isUniqueViolation } from "./errors";

/** Who caused a fetch: nobody for an /authorize-driven one (no user yet), the admin for a forced refresh. */
export interface CimdFetchActor {
  meta: RequestMeta;
  userId: string | null;
}

export const SYSTEM_ACTOR: CimdFetchActor = { meta: { ip: null, userAgent: "" }, userId: null };

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
export async function saveCimdClient(root: Db, fields: CimdClientFields, expiresAt: Date, actor: CimdFetchActor = SYSTEM_ACTOR): Promise<{ saved: boolean; consentsRevoked: boolean }> {
  const documentFields = {
    name: fields.name,
    callbackUrls: JSON.stringify(fields.callbackUrls),
    logoutCallbackUrls: JSON.stringify(fields.logoutCallbackUrls),
    isPublic: fields.isPublic,
    pkceEnabled: fields.pkceEnabled,
    metadataExpiresAt: expiresAt,
    metadataGrantTypes: JSON.stringify(fields.grantTypes),
  };
  const audit = { clientId: fields.id, clientName: fields.name, expiresAt: expiresAt.toISOString() };
  const existing = await root.oidcClient.findUnique({ where: { id: fields.id }, select: { clientType: true } });
  if (!existing) {
    // The insert is the transaction's first statement: a lost race rolls back the audit row too,
    // and the unique violation is caught outside (on PostgreSQL it aborts the transaction).
    try {
      await root.$transaction(async (tx) => {
        await tx.oidcClient.create({ data: { id: fields.id, clientType: "cimd", launchUrl: fields.launchUrl, isGroupRestricted: false, ...documentFields } });
        await writeAudit(tx, "CIMD_METADATA_FETCHED", actor.meta, actor.userId, { ...audit, consentsRevoked: "false" });
      });
    } catch (e) {
      // Another request materialised it first: theirs is as fresh as ours.
      if (!isUniqueViolation(e)) throw e;
      return { saved: false, consentsRevoked: false };
    }
    return { saved: true, consentsRevoked: false };
  }
  if (existing.clientType !== "cimd") return { saved: false, consentsRevoked: false };
  return root.$transaction(async (tx) => {
    const row = await tx.oidcClient.findUnique({ where: { id: fields.id } });
    if (!row || row.clientType !== "cimd") return { saved: false, consentsRevoked: false };
    const changed =
      !sameList(row.callbackUrls, fields.callbackUrls) || !sameList(row.logoutCallbackUrls, fields.logoutCallbackUrls) || !sameList(row.metadataGrantTypes, fields.grantTypes);
    await tx.oidcClient.update({ where: { id: fields.id }, data: documentFields });
    if (changed) await tx.userAuthorizedClient.deleteMany({ where: { clientId: fields.id } });
    await writeAudit(tx, "CIMD_METADATA_FETCHED", actor.meta, actor.userId, { ...audit, consentsRevoked: String(changed) });
    return { saved: true, consentsRevoked: changed };
  });
}

/** A failed fetch changes nothing (inventory §2.17: failures are never stored), but is on the audit trail. */
export async function recordCimdFetchFailure(root: Db, clientId: string, error: string, actor: CimdFetchActor = SYSTEM_ACTOR): Promise<void> {
  await root.$transaction((tx) => writeAudit(tx, "CIMD_METADATA_FETCH_FAILED", actor.meta, actor.userId, { clientId, error: error.slice(0, 500) }));
}
