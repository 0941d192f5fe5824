import { randomUUID } from "node:crypto";
import { userClaims } from "./claims";
import { SUPPORTED_SCOPES } from "./scopes";
import { accessTokenPayload, idTokenPayload } from "./tokens";
import type { OidcClient, OidcUser } from "./types";

export interface TokenPreview {
  /** The decoded ID token payload; null without the openid scope (no ID token is issued then). */
  idToken: Record<string, unknown> | null;
  /** The decoded RFC 9068 access token payload. */
  accessToken: Record<string, unknown>;
  /** The userinfo answer; null without openid (userinfo refuses such a token, inventory §2.11). */
  userInfo: Record<string, unknown> | null;
}

/**
 * The "OIDC data preview" (inventory §1.5, §6.3): what `user` would get from `client` for `scopes`,
 * built by the very functions issuance uses (`userClaims` with the client's claim mapping,
 * `idTokenPayload`, `accessTokenPayload`), unsigned and unrecorded. As if the user signed in now
 * with a passkey; per-request values (jti, nonce, at_hash, sid) differ in real tokens.
 */
export function previewTokens(client: OidcClient, user: OidcUser, scopes: string[], issuer: string, now: Date): TokenPreview {
  const access = accessTokenPayload(
    { issuer, subject: user.id, clientId: client.id, scopes, authTime: now, lifetimeSeconds: client.accessTokenDurationMinutes * 60, now },
    randomUUID(),
  );
  if (!scopes.includes("openid")) return { idToken: null, accessToken: access, userInfo: null };
  const claims = userClaims(user, scopes, issuer, client.claimMapping);
  const idToken = idTokenPayload({ issuer, clientId: client.id, claims, authTime: now, requestedAt: now, amr: ["phr"], now }, randomUUID());
  return { idToken, accessToken: access, userInfo: claims };
}

/** RFC 6749 §3.3 scope-token syntax. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * The scopes of a preview request: space-separated, each one this provider knows (§1.4),
 * duplicates removed. Unknown ones are returned so the caller can refuse them (issuance drops them
 * silently, §2.2, but an admin asking for a preview wants to know about a typo).
 */
export function parsePreviewScopes(raw: string): { scopes: string[]; unknown: string[] } {
  const known = new Set<string>(SUPPORTED_SCOPES);
  const scopes: string[] = [];
  const unknown: string[] = [];
  for (const s of raw.split(/ +/)) {
    if (!s) continue;
    if (!SCOPE_TOKEN.test(s) || !known.has(s)) unknown.push(s);
    else if (!scopes.includes(s)) scopes.push(s);
  }
  return { scopes, unknown };
}
