import { applyClaimMapping, DEFAULT_CLAIM_MAPPING, isDefaultClaimMapping, releaseClaims, type ClaimMapping, type ClaimScope, type ScopedClaim } from "./claim-mapping";
import type { OidcUser } from "./types";

/** Claims that custom claims may never override (inventory §2.10). */
export const RESERVED_CLAIMS = new Set([
  "given_name", "family_name", "name", "email", "email_verified", "preferred_username", "display_name",
  "groups", "type", "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp",
  "client_id", "nbf", "jti",
]);

/**
 * Protocol claims that a custom claim must never supply even though Pocket ID accepts the key
 * (§2.10's list lacks them): `sid` would tie a token without a session (device flow, client
 * credentials) to someone else's session for back-channel logout; the hashes and `cnf` bind tokens.
 * Stored keys stay valid for compatibility; they are only left out of every token and userinfo.
 */
const PROTOCOL_CLAIMS = new Set(["sid", "at_hash", "c_hash", "s_hash", "cnf", "events", "_claim_names", "_claim_sources", "scope", "token_type", "active"]);

/** A custom claim value is emitted as typed JSON when it parses, else as a string (§2.10). */
export function customClaimValue(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

type ClaimSource = (user: OidcUser, issuer: string) => Record<string, unknown>;

/**
 * Custom claims (inventory §2.10): the user's own first, then the groups' in the order the store
 * returns them; the first occurrence of a key wins (a user claim beats a group claim; between
 * groups, the first group wins, arrays are not merged). Reserved keys never leave.
 */
function customClaims(user: OidcUser): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const { key, value } of user.customClaims) {
    if (!RESERVED_CLAIMS.has(key) && !PROTOCOL_CLAIMS.has(key) && !Object.hasOwn(out, key) && key !== "__proto__") out[key] = customClaimValue(value);
  }
  return out;
}

/**
 * Where a user's picture is served (inventory §2.9: APP/api/users/<id>/profile-picture.png): the
 * uploaded picture, else the generated initials avatar, so the URL never answers 404.
 */
export function pictureUrl(issuer: string, userId: string): string {
  return `${issuer.replace(/\/+$/, "")}/api/users/${encodeURIComponent(userId)}/profile-picture.png`;
}

function profileClaims(user: OidcUser, issuer: string): Record<string, unknown> {
  const fullName = `${user.firstName} ${user.lastName}`.trim();
  return {
    // Custom claims first, so the standard ones below win over a same-named one (e.g. `picture`).
    ...customClaims(user),
    given_name: user.firstName,
    family_name: user.lastName,
    name: fullName || user.displayName || user.username,
    display_name: user.displayName,
    preferred_username: user.username,
    picture: pictureUrl(issuer, user.id),
  };
}

/** inventory §2.9: email and email_verified only when the user has an email address. */
function emailClaims(user: OidcUser): Record<string, unknown> {
  return user.email ? { email: user.email, email_verified: user.emailVerified } : {};
}

/** inventory §2.9: group `name`s (not friendly names); an empty array when there are none. */
function groupClaims(user: OidcUser): Record<string, unknown> {
  return { groups: user.groups.map((g) => g.name) };
}

/**
 * Scope → claims (inventory §2.9; OIDC Core §5.4), the same for the ID token and userinfo.
 * `openid` only enables them; `offline_access` releases nothing (refresh tokens are always issued).
 */
export const SCOPE_CLAIMS: Readonly<Record<string, { claims: readonly string[]; source: ClaimSource }>> = {
  profile: {
    claims: ["given_name", "family_name", "name", "display_name", "preferred_username", "picture", "(custom claims)"],
    source: profileClaims,
  },
  email: { claims: ["email", "email_verified"], source: emailClaims },
  groups: { claims: ["groups"], source: groupClaims },
};

/** Every claim the user has, each with the scope that releases it, in precedence order. */
function scopedUserClaims(user: OidcUser, issuer: string): ScopedClaim[] {
  const out: ScopedClaim[] = [{ name: "sub", value: user.id, scope: "always" }];
  for (const [scope, { source }] of Object.entries(SCOPE_CLAIMS)) {
    for (const [name, value] of Object.entries(source(user, issuer))) out.push({ name, value, scope: scope as ClaimScope });
  }
  return out;
}

/**
 * THE user claims of a client's tokens: the ID token (token/issue-user-tokens.ts), userinfo
 * (userinfo.ts), introspection (introspect.ts) and the admin's data preview all call this, so the
 * four always agree. `sub` is always present; the client's claim mapping (claim-mapping.ts) is
 * applied before the granted scopes filter (a mapped claim follows the scope of its source). The
 * issuer (APP_URL) is the base of the `picture` URL.
 */
export function userClaims(user: OidcUser, scopes: readonly string[], issuer: string, mapping: ClaimMapping = DEFAULT_CLAIM_MAPPING): Record<string, unknown> {
  let claims = scopedUserClaims(user, issuer);
  if (!isDefaultClaimMapping(mapping)) {
    claims = applyClaimMapping(claims, mapping, { username: user.username, userId: user.id, email: user.email, customClaims: customClaims(user) });
  }
  return releaseClaims(claims, scopes);
}
