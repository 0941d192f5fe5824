import type { Tx } from "./client";

/**
 * Revokes grant families in one update (DESIGN "Seams"): every access and refresh token issued
 * under them stops working at once, because token checks read the grant. For the flows that end
 * authorizations outside the token endpoint: RP-initiated logout (the grants of one browser
 * session, `sessionId`), a user revoking an app in My Apps (`userId` + `clientId`), an admin
 * disabling a user. At least one filter is required. Returns how many families were revoked.
 */
export async function revokeGrants(tx: Tx, where: { userId?: string; clientId?: string; sessionId?: string }, now = new Date()): Promise<number> {
  if (!where.userId && !where.clientId && !where.sessionId) throw new Error("revokeGrants needs a userId, clientId or sessionId");
  const res = await tx.oauthGrant.updateMany({ where: { ...where, revokedAt: null }, data: { revokedAt: now } });
  return res.count;
}
