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

/**
 * The user claims released for a set of granted scopes (inventory §2.9), shared by the ID token
 * and userinfo so both always agree. `sub` is always present. The issuer will be the base of the
 * `picture` URL once profile pictures exist.
 */
export function userClaims(user: OidcUser, scopes: readonly string[], _issuer: string): Record<string, unknown> {
  const claims: Record<string, unknown> = { sub: user.id };
  if (scopes.includes("profile")) {
    for (const { key, value } of user.customClaims) {
      if (!RESERVED_CLAIMS.has(key) && !(key in claims)) claims[key] = customClaimValue(value);
    }
    const fullName = `${user.firstName} ${user.lastName}`.trim();
    claims.given_name = user.firstName;
    claims.family_name = user.lastName;
    claims.name = fullName || user.displayName || user.username;
    claims.display_name = user.displayName;
    claims.preferred_username = user.username;
    // No `picture` until profile pictures exist (issue 5 item 15): a URL that 404s is worse than none.
  }
  if (scopes.includes("email") && user.email) {
    claims.email = user.email;
    claims.email_verified = user.emailVerified;
  }
  if (scopes.includes("groups")) {
    claims.groups = user.groups.map((g) => g.name);
  }
  return claims;
}
