import { checkCallbackUrlPattern, matchRedirectUri } from "./redirect-uri";
import { hasControlCharacter } from "./limits";

/**
 * OAuth Client ID Metadata Documents (inventory §2.17; draft-ietf-oauth-client-id-metadata-document).
 * A client_id that is an https URL on the admin's allowlist names a JSON document the client
 * publishes there; this module decides which client_ids qualify and turns a fetched document into
 * the fields of a client row. Pure: fetching lives in lib/http/cimd-fetch.ts, storage in lib/db.
 */

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** Grants a CIMD client may have (§2.17): everything else a document lists is ignored. */
const SUPPORTED_GRANTS: Record<string, string> = {
  authorization_code: "authorization_code",
  refresh_token: "refresh_token",
  [DEVICE_CODE_GRANT]: DEVICE_CODE_GRANT,
  device_code: DEVICE_CODE_GRANT,
};
/** A client needs at least one grant that starts a flow; refresh_token alone issues nothing. */
const INITIATING_GRANTS = new Set(["authorization_code", DEVICE_CODE_GRANT]);

/** The draft's limits on the URL itself (at most 256 characters, as client ids are stored): https (http only for tests), a path, no fragment, no credentials, no dot segments. */
export function isCimdUrl(clientId: string, opts: { allowHttp?: boolean } = {}): boolean {
  if (clientId.length > 256 || !(clientId.startsWith("https://") || (opts.allowHttp && clientId.startsWith("http://")))) return false;
  let url: URL;
  try {
    url = new URL(clientId);
  } catch {
    return false;
  }
  if (url.href !== clientId) return false; // not in canonical form: the id must be exactly what is fetched
  if (url.username || url.password || url.hash || clientId.includes("#")) return false;
  if (url.pathname === "/" || url.pathname === "") return false;
  if (/\/\.\.?(\/|$)/.test(url.pathname)) return false;
  return true;
}

/**
 * Whether `clientId` is a metadata-document URL this server will fetch: a CIMD-shaped URL that
 * matches one of the allowlist patterns (same wildcard rules as callback URLs, §2.6). An empty
 * allowlist disables CIMD.
 */
export function isAllowedCimdClientId(clientId: string, allowlist: readonly string[], opts: { allowHttp?: boolean } = {}): boolean {
  if (allowlist.length === 0 || !isCimdUrl(clientId, opts)) return false;
  return matchRedirectUri(allowlist, clientId);
}

/** The fields of a client row a metadata document decides. */
export interface CimdClientFields {
  id: string;
  name: string;
  callbackUrls: string[];
  logoutCallbackUrls: string[];
  launchUrl: string | null;
  isPublic: true;
  pkceEnabled: true;
  clientType: "cimd";
  grantTypes: string[];
}

export type CimdResult = { ok: true; client: CimdClientFields } | { ok: false; error: string };

function stringArray(value: unknown, field: string): string[] | string {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) return `${field} must be an array of strings`;
  return value as string[];
}

function checkRedirects(uris: string[], field: string): string | null {
  for (const uri of uris) {
    // §2.17: absolute, wildcard-free; never a scheme that runs script in the browser.
    if (uri.includes("*")) return `${field} must not contain wildcards`;
    const problem = checkCallbackUrlPattern(uri);
    if (problem) return `${field}: ${uri} ${problem}`;
    if (/^\s*(javascript|data|vbscript|file|blob):/i.test(uri)) return `${field}: ${uri} uses a forbidden scheme`;
  }
  return null;
}

/** Validates a fetched document for `url` (§2.17) and maps it to the client's fields. */
export function parseCimdDocument(url: string, doc: unknown): CimdResult {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) return { ok: false, error: "the document is not a JSON object" };
  const d = doc as Record<string, unknown>;
  // draft §3: the document's client_id must be exactly the URL it was fetched from.
  if (d.client_id !== url) return { ok: false, error: "client_id in the document does not equal its URL" };
  const authMethod = d.token_endpoint_auth_method ?? "none";
  if (authMethod !== "none") return { ok: false, error: `token_endpoint_auth_method ${String(authMethod)} is not supported; only none` };
  for (const secretField of ["client_secret", "client_secret_expires_at"]) {
    if (secretField in d) return { ok: false, error: `${secretField} is not allowed in a metadata document` };
  }
  const responseTypes = stringArray(d.response_types, "response_types");
  if (typeof responseTypes === "string") return { ok: false, error: responseTypes };
  if (responseTypes.some((r) => r !== "code")) return { ok: false, error: "response_types may only contain code" };
  const declared = d.grant_types === undefined ? ["authorization_code"] : stringArray(d.grant_types, "grant_types");
  if (typeof declared === "string") return { ok: false, error: declared };
  const grantTypes = [...new Set(declared.map((g) => SUPPORTED_GRANTS[g]).filter((g): g is string => !!g))];
  if (!grantTypes.some((g) => INITIATING_GRANTS.has(g))) return { ok: false, error: "grant_types must contain authorization_code or the device code grant" };
  const redirects = stringArray(d.redirect_uris, "redirect_uris");
  if (typeof redirects === "string") return { ok: false, error: redirects };
  if (grantTypes.includes("authorization_code") && redirects.length === 0) return { ok: false, error: "redirect_uris is required for authorization_code" };
  const logout = stringArray(d.post_logout_redirect_uris, "post_logout_redirect_uris");
  if (typeof logout === "string") return { ok: false, error: logout };
  const problem = checkRedirects(redirects, "redirect_uris") ?? checkRedirects(logout, "post_logout_redirect_uris");
  if (problem) return { ok: false, error: problem };
  const host = new URL(url).host;
  // Shown on consent and stored in text columns: PostgreSQL refuses NUL, SQLite would keep it.
  for (const field of ["client_name", "client_uri"]) {
    if (typeof d[field] === "string" && hasControlCharacter(d[field])) return { ok: false, error: `${field} must not contain control characters` };
  }
  const rawName = typeof d.client_name === "string" ? d.client_name.trim() : "";
  const name = (rawName || host).slice(0, 50);
  let launchUrl: string | null = null;
  if (typeof d.client_uri === "string" && /^https:\/\//.test(d.client_uri) && URL.canParse(d.client_uri)) launchUrl = d.client_uri;
  return {
    ok: true,
    client: { id: url, name, callbackUrls: redirects, logoutCallbackUrls: logout, launchUrl, isPublic: true, pkceEnabled: true, clientType: "cimd", grantTypes },
  };
}

/** Bounds of the metadata cache: re-fetch at most once a minute, at least once a day. */
export const CIMD_MIN_TTL_S = 60;
export const CIMD_MAX_TTL_S = 86_400;
export const CIMD_DEFAULT_TTL_S = 3_600;

/**
 * How long a fetched document may be used (§2.17 "HTTP caching honoured, no-store rejected"):
 * `null` when the response forbids storing it; otherwise max-age (s-maxage wins, as for a shared
 * cache) clamped to [CIMD_MIN_TTL_S, CIMD_MAX_TTL_S], or the default without one.
 */
export function cimdCacheSeconds(cacheControl: string | null): number | null {
  if (!cacheControl) return CIMD_DEFAULT_TTL_S;
  const directives = new Map<string, string>();
  for (const part of cacheControl.split(",")) {
    const [k, v] = part.trim().split("=", 2);
    if (k) directives.set(k.toLowerCase(), (v ?? "").replace(/^"|"$/g, ""));
  }
  if (directives.has("no-store")) return null;
  const raw = directives.get("s-maxage") ?? directives.get("max-age");
  if (directives.has("no-cache")) return CIMD_MIN_TTL_S;
  if (raw === undefined || !/^\d+$/.test(raw)) return CIMD_DEFAULT_TTL_S;
  return Math.min(CIMD_MAX_TTL_S, Math.max(CIMD_MIN_TTL_S, Number(raw)));
}

/**
 * The host a CIMD client's document came from, for the "unverified app" notice on consent
 * screens (inventory §2.17): the name is whatever the document says, the host is what the user can
 * check. Null for a registered client.
 */
export function unverifiedClientHost(client: { id: string; isCimd?: boolean }): string | null {
  if (!client.isCimd) return null;
  try {
    return new URL(client.id).host;
  } catch {
    return null;
  }
}
