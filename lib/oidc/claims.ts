import type { OidcUser } from "./types";

/** Claims that custom claims may never override (inventory §2.10). */
export const RESERVED_CLAIMS = new Set([
  "given_name", "family_name", "name", "email", "email_verified", "preferred_username", "display_name",
  "groups", "type", "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "azp",
  "client_id", "nbf", "jti",
]);

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
    if (!RESERVED_CLAIMS.has(key) && !Object.hasOwn(out, key) && key !== "__proto__") out[key] = customClaimValue(value);
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

/**
 * The user claims released for a set of granted scopes, shared by the ID token and userinfo so
 * both always agree. `sub` is always present. The issuer (APP_URL) is the base of the `picture` URL.
 */
export function userClaims(user: OidcUser, scopes: readonly string[], issuer: string): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.id };
  for (const scope of Object.keys(SCOPE_CLAIMS)) {
    if (scopes.includes(scope)) Object.assign(claims, SCOPE_CLAIMS[scope].source(user, issuer));
  }
  return claims;
}
