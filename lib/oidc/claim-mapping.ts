/**
 * Per-client claim mapping (beyond Pocket ID; its issues #807, #1361, #1409, #1773; peer-anchors
 * §2a): per client, which user attribute feeds `preferred_username` and `email`, renamed claims,
 * dropped claims and static claims. Pure: the admin boundary validates with zod
 * (lib/services/oidc-clients/claim-mapping-schema.ts) using the rules here, storage keeps it as
 * JSON and reads it back through `parseStoredClaimMapping`.
 *
 * Scope rule (documented in the admin UI and the OpenAPI description): a claim is released only
 * under the scope that releases its source. A renamed claim keeps the scope of the claim it was
 * renamed from; `preferred_username` taken from the email address needs the `email` scope, taken
 * from a custom claim the `profile` scope; `email` taken from a custom claim needs `profile`; a
 * static claim names its own scope (`openid` = whenever user claims are released at all).
 */

/** Where `preferred_username` comes from. Default `username` (inventory §2.9). */
export const PREFERRED_USERNAME_SOURCES = ["username", "email", "userId", "customClaim"] as const;
/** Where `email` comes from. Default `email` (the account's address). */
export const EMAIL_SOURCES = ["email", "customClaim"] as const;
/** Scopes a static claim can be released under. */
export const STATIC_CLAIM_SCOPES = ["openid", "profile", "email", "groups"] as const;

export type PreferredUsernameSource = (typeof PREFERRED_USERNAME_SOURCES)[number];
export type EmailSource = (typeof EMAIL_SOURCES)[number];
export type ClaimScope = (typeof STATIC_CLAIM_SCOPES)[number];
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ClaimMapping {
  preferredUsername: { source: PreferredUsernameSource; claim?: string };
  email: { source: EmailSource; claim?: string };
  rename: { from: string; to: string }[];
  drop: string[];
  static: { name: string; value: JsonValue; scope: ClaimScope }[];
}

export const DEFAULT_CLAIM_MAPPING: ClaimMapping = Object.freeze({
  preferredUsername: { source: "username" },
  email: { source: "email" },
  rename: [],
  drop: [],
  static: [],
}) as ClaimMapping;

/**
 * Claims a mapping may never produce, rename, drop or replace: the protocol's own (OIDC Core §2,
 * §3.1.3.6, RFC 9068, RFC 7662 §2.2, Back-Channel Logout §2.4, Pocket ID's `type`/`rat`), plus
 * names that would poison a JavaScript object. Changing any of them would break token validation
 * at the client or make a token claim to be something it is not.
 */
export const PROTECTED_CLAIMS: ReadonlySet<string> = new Set([
  "sub", "iss", "aud", "exp", "iat", "nbf", "jti", "nonce", "auth_time", "sid", "azp", "at_hash", "c_hash",
  "s_hash", "acr", "amr", "type", "rat", "typ", "client_id", "scope", "scp", "cnf", "act", "may_act",
  "events", "_claim_names", "_claim_sources", "active", "token_type", "username",
  "__proto__", "constructor", "prototype",
]);

/** Limits that keep ID tokens a reasonable size (they travel in URLs for some clients). */
export const CLAIM_MAPPING_LIMITS = { rules: 50, nameLength: 200, staticValueBytes: 4096 } as const;

/** Printable ASCII without spaces: plain names (`roles`) and collision-resistant URIs alike. */
export const CLAIM_NAME_PATTERN = /^[\x21-\x7e]+$/;

export interface ClaimMappingProblem {
  /** Path of the offending field in the mapping, e.g. ["rename", 0, "to"]. */
  path: (string | number)[];
  message: string;
}

const protectedSentence = (name: string) =>
  `"${name}" is a protocol claim that clients rely on to validate tokens: choose another claim name`;

/**
 * The semantic checks of a structurally valid mapping, one sentence per refusal. The zod schema at
 * the admin boundary runs these; they live here so the rules sit next to the code they protect.
 */
export function claimMappingProblems(m: ClaimMapping): ClaimMappingProblem[] {
  const problems: ClaimMappingProblem[] = [];
  const name = (path: (string | number)[], value: string, what: string) => {
    if (PROTECTED_CLAIMS.has(value)) problems.push({ path, message: protectedSentence(value) });
    else if (!CLAIM_NAME_PATTERN.test(value) || value.length > CLAIM_MAPPING_LIMITS.nameLength) {
      problems.push({ path, message: `Write the ${what} without spaces, in at most ${CLAIM_MAPPING_LIMITS.nameLength} characters` });
    }
  };
  if (m.preferredUsername.source === "customClaim") {
    if (!m.preferredUsername.claim) problems.push({ path: ["preferredUsername", "claim"], message: "Choose the custom claim preferred_username is taken from" });
    else name(["preferredUsername", "claim"], m.preferredUsername.claim, "custom claim key");
  }
  if (m.email.source === "customClaim") {
    if (!m.email.claim) problems.push({ path: ["email", "claim"], message: "Choose the custom claim email is taken from" });
    else name(["email", "claim"], m.email.claim, "custom claim key");
  }
  // Every produced name (rename targets, static names) at most once, or the result depends on order.
  const produced = new Map<string, string>();
  const renamedFrom = new Set<string>();
  m.rename.forEach((r, i) => {
    name(["rename", i, "from"], r.from, "claim name");
    name(["rename", i, "to"], r.to, "new claim name");
    if (r.from === r.to) problems.push({ path: ["rename", i, "to"], message: `Renaming "${r.from}" to itself changes nothing: remove this rule` });
    if (renamedFrom.has(r.from)) problems.push({ path: ["rename", i, "from"], message: `"${r.from}" is already renamed by another rule: keep one` });
    renamedFrom.add(r.from);
    if (produced.has(r.to)) problems.push({ path: ["rename", i, "to"], message: `Another rule already produces "${r.to}" (${produced.get(r.to)}): keep one` });
    else produced.set(r.to, "a rename");
  });
  for (const r of m.rename) {
    if (renamedFrom.has(r.to)) {
      const i = m.rename.indexOf(r);
      problems.push({ path: ["rename", i, "to"], message: `"${r.to}" is itself renamed by another rule: chains of renames are not supported` });
    }
  }
  const dropped = new Set<string>();
  m.drop.forEach((d, i) => {
    name(["drop", i], d, "claim name");
    if (dropped.has(d)) problems.push({ path: ["drop", i], message: `"${d}" is already in the list of dropped claims` });
    if (renamedFrom.has(d)) problems.push({ path: ["drop", i], message: `"${d}" is renamed by a rule: either rename it or drop it` });
    if (produced.has(d)) problems.push({ path: ["drop", i], message: `"${d}" is produced by a rename: dropping it would undo that rule` });
    dropped.add(d);
  });
  m.static.forEach((s, i) => {
    name(["static", i, "name"], s.name, "claim name");
    if (produced.has(s.name)) problems.push({ path: ["static", i, "name"], message: `Another rule already produces "${s.name}" (${produced.get(s.name)}): keep one` });
    else produced.set(s.name, "a static claim");
    if (dropped.has(s.name)) problems.push({ path: ["static", i, "name"], message: `"${s.name}" is also in the list of dropped claims: remove it there` });
    if (JSON.stringify(s.value).length > CLAIM_MAPPING_LIMITS.staticValueBytes) {
      problems.push({ path: ["static", i, "value"], message: `Keep the value under ${CLAIM_MAPPING_LIMITS.staticValueBytes} characters of JSON` });
    }
  });
  return problems;
}

/** True when the mapping changes nothing (a client without one answers exactly as Pocket ID). */
export function isDefaultClaimMapping(m: ClaimMapping): boolean {
  return (
    m.preferredUsername.source === "username" && m.email.source === "email" && !m.rename.length && !m.drop.length && !m.static.length
  );
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v);

/**
 * A stored mapping (JSON text, NULL = default). Anything that no longer passes the rules (a row
 * edited by hand, a rule added since) falls back to the default rather than minting odd tokens.
 */
export function parseStoredClaimMapping(stored: string | null | undefined): ClaimMapping {
  if (!stored) return DEFAULT_CLAIM_MAPPING;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return DEFAULT_CLAIM_MAPPING;
  }
  const m = normaliseClaimMapping(raw);
  return m && claimMappingProblems(m).length === 0 ? m : DEFAULT_CLAIM_MAPPING;
}

/** A mapping from untrusted JSON, with defaults for absent parts; null when its shape is wrong. */
export function normaliseClaimMapping(raw: unknown): ClaimMapping | null {
  if (!isObject(raw)) return null;
  const pu = raw.preferredUsername ?? { source: "username" };
  const em = raw.email ?? { source: "email" };
  if (!isObject(pu) || !PREFERRED_USERNAME_SOURCES.includes(pu.source as PreferredUsernameSource)) return null;
  if (!isObject(em) || !EMAIL_SOURCES.includes(em.source as EmailSource)) return null;
  const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === "string");
  const rename = raw.rename ?? [];
  const drop = raw.drop ?? [];
  const stat = raw.static ?? [];
  if (!Array.isArray(rename) || !rename.every((r) => isObject(r) && typeof r.from === "string" && typeof r.to === "string")) return null;
  if (!strings(drop)) return null;
  if (!Array.isArray(stat) || !stat.every((s) => isObject(s) && typeof s.name === "string" && "value" in s && STATIC_CLAIM_SCOPES.includes(s.scope as ClaimScope))) return null;
  return {
    preferredUsername: { source: pu.source as PreferredUsernameSource, ...(pu.source === "customClaim" && typeof pu.claim === "string" ? { claim: pu.claim } : {}) },
    email: { source: em.source as EmailSource, ...(em.source === "customClaim" && typeof em.claim === "string" ? { claim: em.claim } : {}) },
    rename: (rename as { from: string; to: string }[]).map((r) => ({ from: r.from, to: r.to })),
    drop: [...(drop as string[])],
    static: (stat as { name: string; value: JsonValue; scope: ClaimScope }[]).map((s) => ({ name: s.name, value: s.value, scope: s.scope })),
  };
}

/** One released-or-not claim with the scope that releases it ("always" = `sub`). */
export interface ScopedClaim {
  name: string;
  value: unknown;
  scope: ClaimScope | "always";
}

/** What a mapping's sources read from the user (kept apart so claims.ts owns the user shape). */
export interface MappingSources {
  username: string;
  userId: string;
  email: string | null;
  /** Custom claims as released (typed JSON), first occurrence winning (inventory §2.10). */
  customClaims: Record<string, unknown>;
}

/** A claim value usable as a name or address: text as is, numbers and booleans as text. */
function asText(v: unknown): string | null {
  if (typeof v === "string") return v || null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

/**
 * Applies a mapping to the claims the scopes table produced (in precedence order: later entries
 * win), before filtering by granted scopes. Order: sources of preferred_username and email,
 * renames (the renamed claim wins over a same-named one), drops, static claims (win over all).
 */
export function applyClaimMapping(claims: ScopedClaim[], m: ClaimMapping, src: MappingSources): ScopedClaim[] {
  let out = claims;
  if (m.preferredUsername.source !== "username") {
    out = out.filter((c) => c.name !== "preferred_username");
    const pu = m.preferredUsername;
    const [value, scope]: [string | null, ClaimScope] =
      pu.source === "email" ? [src.email, "email"]
        : pu.source === "userId" ? [src.userId, "profile"]
          : [asText(src.customClaims[pu.claim ?? ""]), "profile"];
    if (value) out.push({ name: "preferred_username", value, scope });
  }
  if (m.email.source === "customClaim") {
    // The account's verification says nothing about another address.
    out = out.filter((c) => c.name !== "email" && c.name !== "email_verified");
    const value = asText(src.customClaims[m.email.claim ?? ""]);
    if (value) out.push({ name: "email", value, scope: "profile" }, { name: "email_verified", value: false, scope: "profile" });
  }
  for (const r of m.rename) {
    const moved = out.filter((c) => c.name === r.from).map((c) => ({ ...c, name: r.to }));
    out = [...out.filter((c) => c.name !== r.from && c.name !== r.to), ...moved];
  }
  if (m.drop.length) out = out.filter((c) => !m.drop.includes(c.name));
  for (const s of m.static) {
    out = [...out.filter((c) => c.name !== s.name), { name: s.name, value: s.value, scope: s.scope }];
  }
  return out;
}

/**
 * The claims released for the granted scopes, later entries winning; `sub` always. (Protocol
 * claims are kept out by `claimMappingProblems` at the boundary and again when a stored mapping is
 * read, so nothing is filtered here: a client without a mapping gets exactly Pocket ID's claims.)
 */
export function releaseClaims(claims: ScopedClaim[], scopes: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of claims) {
    if (c.scope === "always" || c.scope === "openid" || scopes.includes(c.scope)) out[c.name] = c.value;
  }
  return out;
}
