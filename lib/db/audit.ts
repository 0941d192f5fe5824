import type { Tx } from "../db/client";

/** Audit events (Pocket ID's names, inventory §6.6). */
export type AuditEvent =
  | "SIGN_IN"
  | "SIGN_OUT"
  | "ACCOUNT_CREATED"
  | "PASSKEY_ADDED"
  | "PASSKEY_REMOVED"
  | "CLIENT_AUTHORIZATION"
  | "NEW_CLIENT_AUTHORIZATION"
  | "CLIENT_CREATED"
  | "CLIENT_SECRET_CREATED"
  | "AUTHORIZATION_CODE_REUSED"
  // Admin changes (issue 7; beyond Pocket ID, which audits sign-ins only): the acting user is userId.
  | "USER_CREATED"
  | "USER_UPDATED"
  | "USER_DISABLED"
  | "USER_ENABLED"
  | "USER_DELETED"
  | "USER_GROUPS_UPDATED"
  | "USER_GROUP_CREATED"
  | "USER_GROUP_UPDATED"
  | "USER_GROUP_DELETED"
  | "USER_GROUP_MEMBERS_UPDATED"
  | "USER_GROUP_CLIENTS_UPDATED"
  | "CUSTOM_CLAIMS_UPDATED"
  | "API_KEY_CREATED"
  | "API_KEY_RENEWED"
  | "API_KEY_REVOKED"
  | "CLIENT_UPDATED"
  | "CLIENT_DELETED"
  | "CLIENT_SECRET_DELETED"
  | "CLIENT_ALLOWED_GROUPS_UPDATED"
  | "REFRESH_TOKEN_REUSED"
  | "TOKEN_REVOKED"
  | "TOKEN_SIGN_IN"
  | "REMOTE_SIGN_IN"
  | "LOGIN_CODE_CREATED"
  | "CLIENT_AUTHORIZATION_REVOKED"
  | "SIGNING_KEY_ROTATED"
  // Account page and admin user page (issue 9 items 2-3): written on the owner's trail, with
  // actorUserId/actorUsername in data when an admin acted.
  | "PROFILE_PICTURE_UPDATED"
  | "PROFILE_PICTURE_RESET"
  | "SESSION_REVOKED"
  // Back-channel logout (issue 6 item 7): a Logout Token delivered, or dropped after its retries.
  | "BACKCHANNEL_LOGOUT_SENT"
  | "BACKCHANNEL_LOGOUT_FAILED"
  // OAuth APIs (inventory §2.16; admin changes, the acting user is userId).
  | "API_CREATED"
  | "API_UPDATED"
  | "API_DELETED"
  | "API_PERMISSIONS_UPDATED"
  | "API_CIMD_ACCESS_UPDATED"
  | "API_CLIENT_ACCESS_UPDATED"
  // OAuth device flow (RFC 8628): Pocket ID's approval names, and a denial (beyond Pocket ID).
  | "DEVICE_CODE_AUTHORIZATION"
  | "NEW_DEVICE_CODE_AUTHORIZATION"
  | "DEVICE_CODE_DENIED"
  // Client ID Metadata Documents (inventory §2.17): a document fetched and stored, or a fetch that failed.
  | "CIMD_METADATA_FETCHED"
  | "CIMD_METADATA_FETCH_FAILED"
  // Images (issue 8 item 5; beyond Pocket ID, which does not audit them): data.image names which.
  | "APPLICATION_IMAGE_UPDATED"
  | "APPLICATION_IMAGE_RESET"
  | "CLIENT_LOGO_UPDATED"
  | "CLIENT_LOGO_REMOVED"
  // Application configuration (inventory §4.1; beyond Pocket ID): data.keys names the changed keys, never values.
  | "APP_CONFIG_UPDATED";

export interface RequestMeta {
  ip: string | null;
  userAgent: string;
  /** Inventory §6.6: where `ip` is ("Internal Network"/"LAN", or GeoLite2's country and city); stored with the row. */
  readonly location?: { country: string; city: string } | null;
}

/** The columns of one audit row (Prisma writes it with writeAudit, plain SQL in oidc-store-sql.ts). */
export function insertAuditRow(event: AuditEvent, meta: RequestMeta, userId: string | null, data: Record<string, string> = {}) {
  return {
    event,
    userId,
    ipAddress: meta.ip,
    userAgent: meta.userAgent.slice(0, 512),
    data: JSON.stringify(data),
    country: meta.location?.country ?? null,
    city: meta.location?.city ?? null,
  };
}

/** Writes one audit event inside the caller's transaction (DESIGN rule 7). */
export async function writeAudit(
  tx: Tx,
  event: AuditEvent,
  meta: RequestMeta,
  userId: string | null,
  data: Record<string, string> = {},
): Promise<void> {
  await tx.auditLog.create({ data: insertAuditRow(event, meta, userId, data) });
}
