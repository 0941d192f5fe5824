import { createHash, randomUUID } from "node:crypto";
import { SignJWT, jwtVerify, createLocalJWKSet, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { IDENTITY_SCOPES } from "./scopes";
import type { SigningKey } from "./types";

export const ID_TOKEN_LIFETIME_SECONDS = 3600;

/** OIDC Core §3.1.3.6: left half of SHA-256 of the access token, base64url. */
export function atHash(accessToken: string): string {
  const digest = createHash("sha256").update(accessToken, "ascii").digest();
  return digest.subarray(0, digest.length / 2).toString("base64url");
}

/**
 * Access-token audience (inventory §2.9/§2.16): the API when the token is for one (RFC 8707),
 * else the client; plus the issuer when an identity scope was granted, so it works at userinfo.
 */
export function accessTokenAudience(clientId: string, scopes: readonly string[], issuer: string, resource?: string | null): string[] {
  const aud = [resource ?? clientId];
  if (scopes.some((s) => IDENTITY_SCOPES.has(s))) aud.push(issuer);
  return aud;
}

export interface AccessTokenInput {
  issuer: string;
  subject: string;
  clientId: string;
  scopes: string[];
  /** The API the token is for (RFC 8707 / inventory §2.16); absent: the client. */
  resource?: string | null;
  authTime?: Date;
  lifetimeSeconds: number;
  now: Date;
}

/**
 * The payload of an RFC 9068 access token: what `issueAccessToken` signs and what the admin's data
 * preview shows (one builder, so the preview cannot drift from issuance).
 */
export function accessTokenPayload(input: AccessTokenInput, jti: string): JWTPayload {
  const iat = Math.floor(input.now.getTime() / 1000);
  const payload: JWTPayload = {
    client_id: input.clientId,
    scope: input.scopes.join(" "),
    scp: input.scopes,
  };
  if (input.authTime) payload.auth_time = Math.floor(input.authTime.getTime() / 1000);
  return {
    ...payload,
    iss: input.issuer,
    sub: input.subject,
    aud: accessTokenAudience(input.clientId, input.scopes, input.issuer, input.resource),
    jti,
    iat,
    exp: iat + input.lifetimeSeconds,
  };
}

/**
 * An RFC 9068 access token decided but not signed yet: its jti and expiry are what the server
 * records (inside a grant's transaction), `sign` makes the JWT (after it commits: signing is CPU
 * work that needs no database, so no transaction waits for it).
 */
export function planAccessToken(key: SigningKey, input: AccessTokenInput) {
  const jti = randomUUID();
  const payload = accessTokenPayload(input, jti);
  return {
    jti,
    expiresAt: new Date(payload.exp! * 1000),
    expiresIn: input.lifetimeSeconds,
    sign: () => new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "at+jwt" }).sign(key.privateKey),
  };
}

/** RFC 9068 JWT access token; returns the token with the jti the server records. */
export async function issueAccessToken(key: SigningKey, input: AccessTokenInput) {
  const { sign, ...planned } = planAccessToken(key, input);
  return { token: await sign(), ...planned };
}

export interface IdTokenInput {
  issuer: string;
  clientId: string;
  claims: Record<string, unknown>;
  nonce?: string | null;
  authTime: Date;
  requestedAt?: Date;
  amr: string[];
  /** The browser session id (OIDC Back-Channel Logout 1.0 §2.1 `sid`), when the grant has one. */
  sid?: string | null;
  accessToken?: string;
  now: Date;
}

/**
 * The payload of an OIDC Core §2 ID token with Pocket ID's extras (`type`, `rat`; inventory §2.9):
 * what `issueIdToken` signs and what the admin's data preview shows.
 */
export function idTokenPayload(input: IdTokenInput, jti: string): JWTPayload {
  const iat = Math.floor(input.now.getTime() / 1000);
  const payload: JWTPayload = {
    ...input.claims,
    auth_time: Math.floor(input.authTime.getTime() / 1000),
    type: "id-token",
  };
  if (input.requestedAt) payload.rat = Math.floor(input.requestedAt.getTime() / 1000);
  if (input.nonce) payload.nonce = input.nonce;
  if (input.amr.length) payload.amr = input.amr;
  if (input.sid) payload.sid = input.sid;
  if (input.accessToken) payload.at_hash = atHash(input.accessToken);
  return { ...payload, iss: input.issuer, sub: String(input.claims.sub), aud: [input.clientId], jti, iat, exp: iat + ID_TOKEN_LIFETIME_SECONDS };
}

/** Signs an ID token whose jti was chosen (and recorded) beforehand. */
export function signIdToken(key: SigningKey, input: IdTokenInput, jti: string): Promise<string> {
  return new SignJWT(idTokenPayload(input, jti)).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "JWT" }).sign(key.privateKey);
}

/** OIDC Core §2 ID token with Pocket ID's extras (`type`, `rat`; inventory §2.9). */
export async function issueIdToken(key: SigningKey, input: IdTokenInput) {
  const jti = randomUUID();
  return { token: await signIdToken(key, input, jti), jti };
}

/** The algorithms of our published keys: a token must use the alg of the key its kid names (RFC 8725 §3.1). */
function algorithmsOf(keys: SigningKey[]): string[] {
  return [...new Set(keys.map((k) => k.alg))];
}

let verifier: { keys: SigningKey[]; jwks: JWTVerifyGetKey } | undefined;

/**
 * The key set tokens are verified against, kept while the published keys are the same objects
 * (the key ring hands out the same ones until its version changes): jose imports each public JWK
 * once per key set, so a new set per request meant a key import per userinfo or introspection.
 */
function verifierOf(keys: SigningKey[]): JWTVerifyGetKey {
  const cached = verifier;
  if (cached && cached.keys.length === keys.length && cached.keys.every((k, i) => k === keys[i])) return cached.jwks;
  const jwks = createLocalJWKSet({ keys: keys.map((k) => k.publicJwk) });
  verifier = { keys: [...keys], jwks };
  return jwks;
}

/** Verifies one of our access tokens (signature, typ, issuer, expiry); audience is checked by the caller. */
export async function verifyAccessToken(keys: SigningKey[], token: string, issuer: string, now: Date) {
  const { payload } = await jwtVerify(token, verifierOf(keys), {
    issuer,
    typ: "at+jwt",
    algorithms: algorithmsOf(keys),
    currentDate: now,
  });
  return payload;
}

/**
 * Verifies an ID token we issued, used as a hint (OIDC Core §3.1.2.1, RP-Initiated Logout §2):
 * our signature and issuer, `type` id-token; expiry is deliberately not checked. Null if invalid.
 * Returns every audience: callers check that the client in question is one of them.
 */
export async function verifyIdTokenHint(keys: SigningKey[], token: string, issuer: string): Promise<{ sub: string; aud: string[]; jti?: string; sid?: string } | null> {
  try {
    const { payload } = await jwtVerify(token, verifierOf(keys), {
      issuer,
      algorithms: algorithmsOf(keys),
      currentDate: new Date(0),
    });
    if (payload.type !== "id-token" || typeof payload.sub !== "string") return null;
    const aud = (Array.isArray(payload.aud) ? payload.aud : [payload.aud]).filter((a): a is string => typeof a === "string" && a !== "");
    if (!aud.length) return null;
    return {
      sub: payload.sub,
      aud,
      ...(typeof payload.jti === "string" ? { jti: payload.jti } : {}),
      ...(typeof payload.sid === "string" ? { sid: payload.sid } : {}),
    };
  } catch {
    return null;
  }
}
