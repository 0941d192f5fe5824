import { z } from "zod";

/**
 * Application configuration (inventory §4.1): the UI-editable settings. This slice uses a few
 * keys with their defaults; the admin page that edits them (stored in the kv table, or read
 * from env with UI_CONFIG_DISABLED=true) comes with the admin issue and plugs in here: every
 * reader goes through appConfig(), so that is the one place to change.
 */
const appConfigSchema = z.object({
  appName: z.string().min(1).max(30).default("Pocket ID"),
  sessionDuration: z.coerce.number().int().min(1).max(525600).default(60),
  emailsVerified: z.boolean().default(false),
  homePageUrl: z.string().default("/settings/account"),
  /** Inventory §4.1/§5.6: users must have an email address (optional since Pocket ID v1.12). */
  requireUserEmail: z.boolean().default(true),
  /** Users may edit their own username, email and names (inventory §5.6). */
  allowOwnAccountEdit: z.boolean().default(true),
  /** LDAP-managed users are read-only while LDAP is on (inventory §5.7). */
  ldapEnabled: z.boolean().default(false),
  /** Passkey policy (inventory §4.1, §5.2; Pocket ID 2.13). */
  webauthnUserVerification: z.enum(["required", "preferred"]).default("required"),
  webauthnAllowSyncedPasskeys: z.boolean().default(true),
  webauthnAuthenticatorAttachment: z.enum(["any", "platform", "cross-platform"]).default("any"),
  /** Client ID Metadata Documents (inventory §2.17, §4.1): URL patterns of fetchable client_ids; empty = CIMD off. */
  cimdUrlAllowlist: z.array(z.string().min(1)).default([]),
});

export type AppConfig = z.output<typeof appConfigSchema>;

/** Pocket ID reads booleans as "true"/"false"; anything else (unset) leaves the default. */
function envBool(value: string | undefined): boolean | undefined {
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** CIMD_URL_ALLOWLIST: a JSON array of patterns (Pocket ID's format); unset or blank = none. */
function jsonArray(value: string | undefined): unknown {
  if (!value?.trim()) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    throw new Error("CIMD_URL_ALLOWLIST must be a JSON array of URL patterns, for example [\"https://*.example.com/**\"].");
  }
}

export async function appConfig(): Promise<AppConfig> {
  const fromEnv = process.env.UI_CONFIG_DISABLED === "true";
  return appConfigSchema.parse(
    fromEnv
      ? {
          appName: process.env.APP_NAME || undefined,
          sessionDuration: process.env.SESSION_DURATION || undefined,
          emailsVerified: envBool(process.env.EMAILS_VERIFIED),
          homePageUrl: process.env.HOME_PAGE_URL || undefined,
          requireUserEmail: envBool(process.env.REQUIRE_USER_EMAIL),
          allowOwnAccountEdit: envBool(process.env.ALLOW_OWN_ACCOUNT_EDIT),
          ldapEnabled: envBool(process.env.LDAP_ENABLED),
          webauthnUserVerification: process.env.WEBAUTHN_USER_VERIFICATION || undefined,
          webauthnAllowSyncedPasskeys: envBool(process.env.WEBAUTHN_ALLOW_SYNCED_PASSKEYS),
          webauthnAuthenticatorAttachment: process.env.WEBAUTHN_AUTHENTICATOR_ATTACHMENT || undefined,
          cimdUrlAllowlist: jsonArray(process.env.CIMD_URL_ALLOWLIST),
        }
      : {},
  );
}

/** The passkey settings alone, as the WebAuthn ceremonies read them. */
export async function webauthnConfig() {
  const c = await appConfig();
  return {
    userVerification: c.webauthnUserVerification,
    allowSyncedPasskeys: c.webauthnAllowSyncedPasskeys,
    authenticatorAttachment: c.webauthnAuthenticatorAttachment,
  };
}
