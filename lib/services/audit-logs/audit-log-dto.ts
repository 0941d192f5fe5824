import { z } from "zod";
import { describeUserAgent } from "../../http/user-agent";

/** Pocket ID's audit log record (inventory §6.6), with the derived `device` ("Chrome on macOS"). */
export const auditLogSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  event: z.string(),
  ipAddress: z.string().nullable(),
  country: z.string().nullable(),
  city: z.string().nullable(),
  userAgent: z.string(),
  device: z.string(),
  userID: z.string().nullable(),
  data: z.record(z.string(), z.string()),
});
export type AuditLogDto = z.infer<typeof auditLogSchema>;

export function auditLogDto(row: {
  id: string;
  createdAt: Date;
  event: string;
  ipAddress: string | null;
  country: string | null;
  city: string | null;
  userAgent: string;
  userId: string | null;
  data: string;
}): AuditLogDto {
  return {
    id: row.id,
    createdAt: row.createdAt.toISOString(),
    event: row.event,
    ipAddress: row.ipAddress,
    country: row.country,
    city: row.city,
    userAgent: row.userAgent,
    device: describeUserAgent(row.userAgent).label,
    userID: row.userId,
    data: parseData(row.data),
  };
}

function parseData(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
  } catch {
    return {};
  }
}

/** What each event means, in the words a person reads in their own log (Pocket ID's names are the keys). */
export const AUDIT_EVENT_LABELS: Record<string, string> = {
  SIGN_IN: "Signed in with a passkey",
  SIGN_OUT: "Signed out",
  TOKEN_SIGN_IN: "Signed in with a login code",
  REMOTE_SIGN_IN: "Signed in with another device",
  ACCOUNT_CREATED: "Account created",
  PASSKEY_ADDED: "Passkey added",
  PASSKEY_REMOVED: "Passkey removed",
  LOGIN_CODE_CREATED: "Login code created",
  CLIENT_AUTHORIZATION: "Signed in to an app",
  NEW_CLIENT_AUTHORIZATION: "Authorized a new app",
  DEVICE_CODE_AUTHORIZATION: "Signed in to an app on another device",
  NEW_DEVICE_CODE_AUTHORIZATION: "Authorized a new app on another device",
  CLIENT_AUTHORIZATION_REVOKED: "Revoked an app's access",
  AUTHORIZATION_CODE_REUSED: "An app reused an authorization code",
  REFRESH_TOKEN_REUSED: "An app reused a refresh token",
  TOKEN_REVOKED: "An app signed out (token revoked)",
  CLIENT_CREATED: "Created an OIDC client",
  CLIENT_UPDATED: "Changed an OIDC client",
  CLIENT_DELETED: "Deleted an OIDC client",
  CLIENT_SECRET_CREATED: "Created a client secret",
  CLIENT_SECRET_DELETED: "Deleted a client secret",
  CLIENT_ALLOWED_GROUPS_UPDATED: "Changed a client's allowed groups",
  USER_CREATED: "Created a user",
  USER_UPDATED: "Changed a user",
  USER_DISABLED: "Disabled a user",
  USER_ENABLED: "Enabled a user",
  USER_DELETED: "Deleted a user",
  USER_GROUPS_UPDATED: "Changed a user's groups",
  USER_GROUP_CREATED: "Created a user group",
  USER_GROUP_UPDATED: "Changed a user group",
  USER_GROUP_DELETED: "Deleted a user group",
  USER_GROUP_MEMBERS_UPDATED: "Changed a group's members",
  USER_GROUP_CLIENTS_UPDATED: "Changed a group's allowed clients",
  CUSTOM_CLAIMS_UPDATED: "Changed custom claims",
  API_KEY_CREATED: "Created an API key",
  API_KEY_RENEWED: "Renewed an API key",
  API_KEY_REVOKED: "Revoked an API key",
  SIGNING_KEY_ROTATED: "Rotated the signing key",
  DEVICE_CODE_DENIED: "Denied a device sign-in",
  SESSION_REVOKED: "Signed out a session",
  PROFILE_PICTURE_UPDATED: "Changed the profile picture",
  PROFILE_PICTURE_RESET: "Reset the profile picture",
  BACKCHANNEL_LOGOUT_SENT: "Told an app about a sign-out",
  BACKCHANNEL_LOGOUT_FAILED: "Could not tell an app about a sign-out",
  API_CREATED: "Created an API",
  API_UPDATED: "Changed an API",
  API_DELETED: "Deleted an API",
  API_PERMISSIONS_UPDATED: "Changed an API's permissions",
  API_CIMD_ACCESS_UPDATED: "Changed an API's metadata-document client access",
  API_CLIENT_ACCESS_UPDATED: "Changed a client's API access",
  CIMD_METADATA_FETCHED: "Fetched a client metadata document",
  CIMD_METADATA_FETCH_FAILED: "Could not fetch a client metadata document",
};

/** "Passkey added" for known events; an unknown one reads as its name in sentence case ("Some event"). */
export function auditEventLabel(event: string): string {
  const known = AUDIT_EVENT_LABELS[event];
  if (known) return known;
  const words = event.toLowerCase().replace(/_/g, " ").trim();
  return words ? words[0].toUpperCase() + words.slice(1) : event;
}
