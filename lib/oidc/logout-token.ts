import { randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import type { SigningKey } from "./types";

/** OIDC Back-Channel Logout 1.0 §2.4: the one event a Logout Token carries. */
export const BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";

/**
 * A Logout Token is short-lived: it is built when the outbox row is sent (not when the session
 * ended), so a retry an hour later still carries a fresh `iat` and `exp`. Two minutes covers
 * clock skew at the receiver; the spec recommends "a few minutes" at most (§2.4).
 */
export const LOGOUT_TOKEN_LIFETIME_SECONDS = 120;

export interface LogoutTokenInput {
  issuer: string;
  clientId: string;
  /** The user's `sub` as the client knows it from ID tokens; absent only when `sid` is given. */
  sub?: string | null;
  /** The `sid` the client received in ID tokens of that session. */
  sid?: string | null;
  now: Date;
}

/**
 * OIDC Back-Channel Logout 1.0 §2.4: iss, aud (the client), iat, exp, jti, events with the
 * back-channel-logout member, and sub and/or sid; §2.4 forbids `nonce` (so a Logout Token can
 * never pass as an ID token). Signed as the client's ID tokens are (its alg, our kid), with the
 * explicit type `logout+jwt` the spec recommends so it cannot be confused with other JWTs.
 */
export async function buildLogoutToken(key: SigningKey, input: LogoutTokenInput): Promise<{ token: string; jti: string }> {
  if (!input.sub && !input.sid) throw new Error("A logout token needs a sub, a sid or both (Back-Channel Logout §2.4).");
  const jti = randomUUID();
  const iat = Math.floor(input.now.getTime() / 1000);
  const payload: Record<string, unknown> = { events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } };
  if (input.sid) payload.sid = input.sid;
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: "logout+jwt" })
    .setIssuer(input.issuer)
    .setAudience(input.clientId)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + LOGOUT_TOKEN_LIFETIME_SECONDS);
  if (input.sub) jwt.setSubject(input.sub);
  return { token: await jwt.sign(key.privateKey), jti };
}
