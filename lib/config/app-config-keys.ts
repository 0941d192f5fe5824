import { isIP } from "node:net";
import { z } from "zod";
import { isAccentColor } from "./accent-color";

/**
 * Every application configuration key of inventory §4.1: its env var (read only with
 * UI_CONFIG_DISABLED=true), its default, how it is shown (type, public, sensitive, section) and the
 * check its stored string must pass. Values are stored as strings, as Pocket ID stores them in
 * `app_config_variables(key, value)`; an empty string means "the default".
 */

export type AppConfigType = "string" | "number" | "boolean" | "array";
export type AppConfigSection = "general" | "email" | "signup" | "passkeys" | "ldap" | "clients";

/** A key's stored string to its typed value, or a sentence saying what to enter instead. */
type Check<T> = (value: string) => { ok: true; value: T } | { ok: false; error: string };

interface KeyDef<T> {
  env: string;
  default: string;
  type: AppConfigType;
  section: AppConfigSection;
  public?: boolean;
  /** Encrypted at rest, never sent to a browser: API answers say only whether it is set. */
  sensitive?: boolean;
  check: Check<T>;
}

const ok = <T>(value: T) => ({ ok: true as const, value });
const bad = (error: string) => ({ ok: false as const, error });

const CONTROL = /[\u0000-\u001f\u007f]/;

const text = (max: number, opts: { required?: string } = {}): Check<string> => (v) => {
  if (opts.required && !v.trim()) return bad(opts.required);
  if (v.length > max) return bad(`Use at most ${max} characters`);
  if (CONTROL.test(v)) return bad("Remove the line breaks and control characters: this field takes one line of text");
  return ok(v);
};

const bool: Check<boolean> = (v) => {
  const s = v.trim().toLowerCase();
  // Pocket ID reads booleans with Go's strconv.ParseBool.
  if (["true", "1", "t"].includes(s)) return ok(true);
  if (["false", "0", "f"].includes(s)) return ok(false);
  return bad("Choose true or false");
};

const oneOf = <const T extends string>(values: readonly T[], what: string): Check<T> => (v) =>
  (values as readonly string[]).includes(v) ? ok(v as T) : bad(`Choose ${what}: ${values.join(", ")}`);

const int = (min: number, max: number, unit: string): Check<number> => (v) => {
  const s = v.trim();
  if (!/^\d{1,9}$/.test(s)) return bad(`Enter a whole number of ${unit}`);
  const n = Number(s);
  if (n < min || n > max) return bad(`Enter a number of ${unit} between ${min} and ${max}`);
  return ok(n);
};

const jsonList = <T>(item: z.ZodType<T>, max: number, what: string): Check<T[]> => (v) => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(v);
  } catch {
    return bad(`Enter a JSON list of ${what}, such as []`);
  }
  const result = z.array(item).max(max).safeParse(parsed);
  if (!result.success) return bad(`Enter a JSON list of at most ${max} ${what}`);
  return ok(result.data);
};

export const accentColorCheck: Check<string> = (v) => {
  const s = v.trim();
  if (isAccentColor(s)) return ok(s);
  return bad("Enter a colour such as #2563eb or oklch(0.6 0.18 255), or choose one of the presets");
};

/**
 * A path on this site (`/settings/apps`): the home page after sign-in is never another site. The
 * value is resolved as a URL against a placeholder origin, its origin compared, and the resolved
 * path kept: dot segments are gone (`/.//evil.com` would become the scheme-relative `//evil.com`)
 * and characters a Location header cannot carry are percent-encoded (a raw U+2028 made every
 * redirect to the home page a 500).
 */
const SITE = "http://site.invalid";
const sitePath: Check<string> = (v) => {
  const s = v.trim();
  const refuse = () => bad("Enter a path on this site that starts with /, such as /settings/apps");
  if (!s.startsWith("/") || s.startsWith("//") || s.includes("\\") || CONTROL.test(s) || s.length > 200) return refuse();
  let url: URL;
  try {
    url = new URL(s, SITE);
  } catch {
    return refuse();
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  if (url.origin !== SITE || !path.startsWith("/") || path.startsWith("//") || path.length > 600) return refuse();
  return ok(path);
};

const hostname: Check<string> = (v) => {
  const s = v.trim();
  if (!s) return ok("");
  if (isIP(s) || (s.length <= 253 && /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(s))) return ok(s);
  return bad("Enter the SMTP server's host name or IP address, such as smtp.example.com");
};

const optionalPort: Check<number | null> = (v) => (v.trim() === "" ? ok(null) : int(1, 65535, "the port")(v).ok ? ok(Number(v.trim())) : bad("Enter a port number between 1 and 65535, such as 587"));

const optionalEmail: Check<string> = (v) => {
  const s = v.trim();
  if (!s) return ok("");
  return z.email().safeParse(s).success ? ok(s) : bad("Enter a sender address such as pocket-id@example.com");
};

const ldapUrl: Check<string> = (v) => {
  const s = v.trim();
  if (!s) return ok("");
  try {
    const url = new URL(s);
    if ((url.protocol === "ldap:" || url.protocol === "ldaps:") && url.hostname && !CONTROL.test(s)) return ok(s);
  } catch {
    // falls through to the sentence
  }
  return bad("Enter an address that starts with ldap:// or ldaps://, such as ldaps://ldap.example.com:636");
};

const ldapFilter: Check<string> = (v) => {
  const s = v.trim();
  if (!s) return ok("");
  if (s.length <= 1024 && s.startsWith("(") && s.endsWith(")") && !CONTROL.test(s)) return ok(s);
  return bad("Enter an LDAP filter in parentheses, such as (objectClass=person)");
};

const groupId = z.string().min(1).max(64);
const claim = z.object({ key: z.string().min(1).max(100), value: z.string().max(1000) });
const cimdPattern = z.string().regex(/^https?:\/\/\S+$/).max(500);

function def<T>(d: KeyDef<T>): KeyDef<T> {
  return d;
}

export const APP_CONFIG_KEYS = {
  // General
  appName: def({ env: "APP_NAME", default: "Pocket ID", type: "string", section: "general", public: true, check: text(30, { required: "Enter the name of this application" }) }),
  sessionDuration: def({ env: "SESSION_DURATION", default: "60", type: "number", section: "general", check: int(1, 525600, "minutes") }),
  homePageUrl: def({ env: "HOME_PAGE_URL", default: "/settings/account", type: "string", section: "general", public: true, check: sitePath }),
  emailsVerified: def({ env: "EMAILS_VERIFIED", default: "false", type: "boolean", section: "general", check: bool }),
  accentColor: def({ env: "ACCENT_COLOR", default: "default", type: "string", section: "general", public: true, check: accentColorCheck }),
  disableAnimations: def({ env: "DISABLE_ANIMATIONS", default: "false", type: "boolean", section: "general", public: true, check: bool }),
  allowOwnAccountEdit: def({ env: "ALLOW_OWN_ACCOUNT_EDIT", default: "true", type: "boolean", section: "general", public: true, check: bool }),
  // Sign-up defaults / user creation
  allowUserSignups: def({ env: "ALLOW_USER_SIGNUPS", default: "disabled", type: "string", section: "signup", public: true, check: oneOf(["disabled", "withToken", "open"] as const, "one of") }),
  signupDefaultUserGroupIDs: def({ env: "SIGNUP_DEFAULT_USER_GROUP_IDS", default: "[]", type: "array", section: "signup", check: jsonList(groupId, 100, "group IDs") }),
  signupDefaultCustomClaims: def({ env: "SIGNUP_DEFAULT_CUSTOM_CLAIMS", default: "[]", type: "array", section: "signup", check: jsonList(claim, 50, "claims like {\"key\":\"k\",\"value\":\"v\"}") }),
  requireUserEmail: def({ env: "REQUIRE_USER_EMAIL", default: "true", type: "boolean", section: "signup", public: true, check: bool }),
  // Email
  smtpHost: def({ env: "SMTP_HOST", default: "", type: "string", section: "email", check: hostname }),
  smtpPort: def({ env: "SMTP_PORT", default: "", type: "number", section: "email", check: optionalPort }),
  smtpFrom: def({ env: "SMTP_FROM", default: "", type: "string", section: "email", check: optionalEmail }),
  smtpUser: def({ env: "SMTP_USER", default: "", type: "string", section: "email", check: text(256) }),
  smtpPassword: def({ env: "SMTP_PASSWORD", default: "", type: "string", section: "email", sensitive: true, check: text(1024) }),
  smtpTls: def({ env: "SMTP_TLS", default: "none", type: "string", section: "email", check: oneOf(["none", "starttls", "tls"] as const, "one of") }),
  smtpSkipCertVerify: def({ env: "SMTP_SKIP_CERT_VERIFY", default: "false", type: "boolean", section: "email", check: bool }),
  emailLoginNotificationEnabled: def({ env: "EMAIL_LOGIN_NOTIFICATION_ENABLED", default: "false", type: "boolean", section: "email", check: bool }),
  emailOneTimeAccessAsUnauthenticatedEnabled: def({ env: "EMAIL_ONE_TIME_ACCESS_AS_UNAUTHENTICATED_ENABLED", default: "false", type: "boolean", section: "email", public: true, check: bool }),
  emailOneTimeAccessAsAdminEnabled: def({ env: "EMAIL_ONE_TIME_ACCESS_AS_ADMIN_ENABLED", default: "false", type: "boolean", section: "email", public: true, check: bool }),
  emailApiKeyExpirationEnabled: def({ env: "EMAIL_API_KEY_EXPIRATION_ENABLED", default: "false", type: "boolean", section: "email", check: bool }),
  emailVerificationEnabled: def({ env: "EMAIL_VERIFICATION_ENABLED", default: "false", type: "boolean", section: "email", public: true, check: bool }),
  // LDAP
  ldapEnabled: def({ env: "LDAP_ENABLED", default: "false", type: "boolean", section: "ldap", public: true, check: bool }),
  ldapUrl: def({ env: "LDAP_URL", default: "", type: "string", section: "ldap", check: ldapUrl }),
  ldapBindDn: def({ env: "LDAP_BIND_DN", default: "", type: "string", section: "ldap", check: text(1024) }),
  ldapBindPassword: def({ env: "LDAP_BIND_PASSWORD", default: "", type: "string", section: "ldap", sensitive: true, check: text(1024) }),
  ldapBase: def({ env: "LDAP_BASE", default: "", type: "string", section: "ldap", check: text(1024) }),
  ldapUserSearchFilter: def({ env: "LDAP_USER_SEARCH_FILTER", default: "(objectClass=person)", type: "string", section: "ldap", check: ldapFilter }),
  ldapUserGroupSearchFilter: def({ env: "LDAP_USER_GROUP_SEARCH_FILTER", default: "(objectClass=groupOfNames)", type: "string", section: "ldap", check: ldapFilter }),
  ldapSkipCertVerify: def({ env: "LDAP_SKIP_CERT_VERIFY", default: "false", type: "boolean", section: "ldap", check: bool }),
  ldapAttributeUserUniqueIdentifier: def({ env: "LDAP_ATTRIBUTE_USER_UNIQUE_IDENTIFIER", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeUserUsername: def({ env: "LDAP_ATTRIBUTE_USER_USERNAME", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeUserEmail: def({ env: "LDAP_ATTRIBUTE_USER_EMAIL", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeUserFirstName: def({ env: "LDAP_ATTRIBUTE_USER_FIRST_NAME", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeUserLastName: def({ env: "LDAP_ATTRIBUTE_USER_LAST_NAME", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeUserDisplayName: def({ env: "LDAP_ATTRIBUTE_USER_DISPLAY_NAME", default: "cn", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeUserProfilePicture: def({ env: "LDAP_ATTRIBUTE_USER_PROFILE_PICTURE", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeGroupMember: def({ env: "LDAP_ATTRIBUTE_GROUP_MEMBER", default: "member", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeGroupUniqueIdentifier: def({ env: "LDAP_ATTRIBUTE_GROUP_UNIQUE_IDENTIFIER", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAttributeGroupName: def({ env: "LDAP_ATTRIBUTE_GROUP_NAME", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapAdminGroupName: def({ env: "LDAP_ADMIN_GROUP_NAME", default: "", type: "string", section: "ldap", check: text(256) }),
  ldapSoftDeleteUsers: def({ env: "LDAP_SOFT_DELETE_USERS", default: "true", type: "boolean", section: "ldap", check: bool }),
  // Passkeys (inventory §5.2; Pocket ID 2.13)
  webauthnUserVerification: def({ env: "WEBAUTHN_USER_VERIFICATION", default: "required", type: "string", section: "passkeys", check: oneOf(["required", "preferred"] as const, "one of") }),
  webauthnAllowSyncedPasskeys: def({ env: "WEBAUTHN_ALLOW_SYNCED_PASSKEYS", default: "true", type: "boolean", section: "passkeys", check: bool }),
  webauthnAuthenticatorAttachment: def({ env: "WEBAUTHN_AUTHENTICATOR_ATTACHMENT", default: "any", type: "string", section: "passkeys", check: oneOf(["any", "platform", "cross-platform"] as const, "one of") }),
  // Dynamic clients: Client ID Metadata Documents (inventory §2.17): empty = CIMD off.
  cimdUrlAllowlist: def({ env: "CIMD_URL_ALLOWLIST", default: "[]", type: "array", section: "clients", check: jsonList(cimdPattern, 100, "URL patterns that start with https://") }),
};

export type AppConfigKey = keyof typeof APP_CONFIG_KEYS;
export const APP_CONFIG_KEY_NAMES = Object.keys(APP_CONFIG_KEYS) as AppConfigKey[];

type ValueOf<K extends AppConfigKey> = (typeof APP_CONFIG_KEYS)[K] extends KeyDef<infer T> ? T : never;
/** The typed configuration every reader gets from appConfig(). */
export type AppConfig = { [K in AppConfigKey]: ValueOf<K> };

/** Stored strings per key (a missing or empty key means its default). */
export type RawAppConfig = Partial<Record<string, string>>;

export function isAppConfigKey(key: string): key is AppConfigKey {
  return Object.hasOwn(APP_CONFIG_KEYS, key);
}

/** The string a key has once defaults are applied (what the API lists). */
export function effectiveRaw(key: AppConfigKey, raw: RawAppConfig): string {
  const v = raw[key];
  return v === undefined || v === "" ? APP_CONFIG_KEYS[key].default : v;
}

/**
 * Typed configuration from stored strings. Each key is checked alone; a key whose value fails its
 * check is reported in `errors` (one sentence per key) and takes its default in `config`, so a
 * single bad row read from the database never stops sign-ins.
 */
export function parseAppConfig(raw: RawAppConfig): { config: AppConfig; errors: Partial<Record<AppConfigKey, string>> } {
  const config = {} as Record<string, unknown>;
  const errors: Partial<Record<AppConfigKey, string>> = {};
  for (const key of APP_CONFIG_KEY_NAMES) {
    const d = APP_CONFIG_KEYS[key] as KeyDef<unknown>;
    const result = d.check(effectiveRaw(key, raw));
    if (result.ok) config[key] = result.value;
    else {
      errors[key] = result.error;
      config[key] = (d.check(d.default) as { value: unknown }).value;
    }
  }
  return { config: config as AppConfig, errors };
}

/**
 * Checks that span keys, for a change made in the settings page or the API (not for values
 * read back: a setting another feature owns must not stop the server).
 */
export function crossKeyProblems(config: AppConfig): Partial<Record<AppConfigKey, string>> {
  const out: Partial<Record<AppConfigKey, string>> = {};
  if (config.ldapEnabled) {
    if (!config.ldapUrl) out.ldapUrl = "Enter the LDAP server's address to turn LDAP on";
    if (!config.ldapBindDn) out.ldapBindDn = "Enter the bind DN to turn LDAP on";
    if (!config.ldapBase) out.ldapBase = "Enter the search base to turn LDAP on";
    if (!config.ldapAttributeUserUniqueIdentifier) out.ldapAttributeUserUniqueIdentifier = "Enter the attribute that identifies a user uniquely (such as entryUUID) to turn LDAP on";
    if (!config.ldapAttributeUserUsername) out.ldapAttributeUserUsername = "Enter the username attribute (such as uid) to turn LDAP on";
  }
  if (config.smtpHost && config.smtpPort === null) out.smtpPort = "Enter the SMTP port, such as 587";
  if (config.smtpHost && !config.smtpFrom) out.smtpFrom = "Enter the sender address emails come from";
  return out;
}
