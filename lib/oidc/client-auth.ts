import bcrypt from "bcryptjs";
import { createLocalJWKSet, decodeJwt, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { sha256Hex, safeEqual } from "../crypto/hash";
import { InvalidClientError, InvalidRequestError } from "./errors";
import type { OidcStore, StoredSecret } from "./store";
import type { FederatedIdentity, OidcClient } from "./types";

/** RFC 7523 §2.2: the one client assertion type. */
export const JWT_BEARER_ASSERTION = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** inventory §2.8: assertions may be 30 s off in either direction. */
export const ASSERTION_CLOCK_SKEW_SECONDS = 30;

/** Asymmetric algorithms only: `none` and HMAC (client_secret_jwt) are not accepted. */
export const ASSERTION_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"];

/** What verifying a client assertion needs from outside the protocol code. */
export interface AssertionContext {
  /** This provider's issuer: the default audience of federated identities (inventory §2.8). */
  issuer: string;
  /**
   * Audiences a private_key_jwt assertion may name (RFC 7523 §3 item 3, OIDC Core §9): the issuer
   * and the URL of the endpoint it was sent to.
   */
  audiences: string[];
  /** A key resolver for a remote JWKS URL, cached by the caller (inventory §2.8: 15 min – 24 h). */
  remoteJwks(url: string): JWTVerifyGetKey;
}

/** The authentication method a request used, per RFC 7591 §2's names. */
export type ClientAuthMethod = "client_secret_basic" | "client_secret_post" | "none" | "private_key_jwt" | "federated";

interface Credentials {
  method: ClientAuthMethod;
  clientId: string | undefined;
  secret?: string;
  assertion?: string;
  usedBasic: boolean;
}

/**
 * RFC 6749 §2.3.1: the Basic credentials are the client id and secret, each
 * application/x-www-form-urlencoded, joined by a colon, in base64.
 */
export function parseBasicCredentials(authorization: string): { clientId: string; secret: string } {
  const encoded = authorization.replace(/^basic\s+/i, "").trim();
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new InvalidClientError("Malformed Basic credentials.", true);
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) throw new InvalidClientError("Malformed Basic credentials.", true);
  const formDecode = (v: string) => decodeURIComponent(v.replace(/\+/g, " "));
  try {
    return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
  } catch {
    throw new InvalidClientError("Malformed Basic credentials.", true);
  }
}

/**
 * RFC 6749 §2.3: a client uses exactly one authentication method per request. Reads which one,
 * refusing a mix (Basic plus a different form secret, a secret plus an assertion) with
 * invalid_request. Basic with the form repeating the same client_secret is Basic: some client
 * libraries send both, and Pocket ID takes the Basic credentials then (its guides' apps must
 * keep working); a form secret that differs is a client configured two ways, refused.
 */
export function readCredentials(form: URLSearchParams, authorization: string | null): Credentials {
  const basic = authorization && /^basic\s/i.test(authorization) ? parseBasicCredentials(authorization) : null;
  const formSecret = form.get("client_secret");
  const assertion = form.get("client_assertion");
  const assertionType = form.get("client_assertion_type");
  // Both values are the caller's own: comparing them reveals nothing, so no constant-time compare.
  const repeatsBasic = basic !== null && formSecret === basic.secret;
  const methods = [basic, (formSecret !== null && !repeatsBasic) || null, assertion !== null || assertionType !== null || null].filter(Boolean).length;
  if (methods > 1) throw new InvalidRequestError("Use only one client authentication method.");
  const formId = form.get("client_id") ?? undefined;
  if (basic) {
    // RFC 6749 §2.3.1 lets the form repeat client_id; it must then name the same client.
    if (formId !== undefined && formId !== basic.clientId) throw new InvalidRequestError("client_id does not match the authenticated client.");
    return { method: "client_secret_basic", clientId: basic.clientId, secret: basic.secret, usedBasic: true };
  }
  if (assertion !== null || assertionType !== null) {
    // RFC 7521 §4.2: both parameters, and the type this server understands.
    if (!assertion || assertionType !== JWT_BEARER_ASSERTION) {
      throw new InvalidClientError(`client_assertion_type must be ${JWT_BEARER_ASSERTION}, with a client_assertion.`);
    }
    let sub: unknown;
    try {
      sub = decodeJwt(assertion).sub;
    } catch {
      throw new InvalidClientError("The client assertion is not a JWT.");
    }
    // inventory §2.8: without client_id the assertion's subject names the client.
    return { method: "private_key_jwt", clientId: formId ?? (typeof sub === "string" ? sub : undefined), assertion, usedBasic: false };
  }
  if (formSecret !== null) return { method: "client_secret_post", clientId: formId, secret: formSecret, usedBasic: false };
  return { method: "none", clientId: formId, usedBasic: false };
}

/**
 * Client authentication (RFC 6749 §2.3, §3.2.1; inventory §2.8), used by every
 * client-authenticated endpoint: client_secret_basic, client_secret_post, `none` for public
 * clients (a secret they send is ignored, as in Pocket ID; PKCE is their proof), and JWT client
 * assertions (RFC 7523): Pocket ID's federated client credentials and private_key_jwt. Every
 * failure is invalid_client (401) and says nothing about which part was wrong.
 */
export async function authenticateClient(
  form: URLSearchParams,
  authorization: string | null,
  store: OidcStore,
  now: Date,
  assertionCtx?: AssertionContext,
): Promise<OidcClient> {
  return (await authenticateClientWithMethod(form, authorization, store, now, assertionCtx)).client;
}

/** authenticateClient, also saying which method succeeded. */
export async function authenticateClientWithMethod(
  form: URLSearchParams,
  authorization: string | null,
  store: OidcStore,
  now: Date,
  assertionCtx?: AssertionContext,
): Promise<{ client: OidcClient; method: ClientAuthMethod }> {
  const creds = readCredentials(form, authorization);
  const failed = () => new InvalidClientError("Client authentication failed.", creds.usedBasic);
  if (!creds.clientId) throw new InvalidClientError("Client authentication is required.", creds.usedBasic);
  const found = await store.findClientWithSecrets(creds.clientId, now);
  if (!found) throw failed();
  const { client, secrets } = found;

  if (creds.assertion) {
    if (!assertionCtx || client.isPublic) throw failed();
    const method = await verifyClientAssertion(creds.assertion, client, store, now, assertionCtx);
    return { client, method };
  }
  if (client.isPublic) return { client, method: "none" };
  if (creds.secret === undefined || creds.secret === "") throw failed();
  if (!(await checkClientSecret(creds.secret, secrets))) throw failed();
  return { client, method: creds.method };
}

/**
 * inventory §2.8: any of the client's non-expired secrets authenticates it. Our own hashes are
 * SHA-256 (compared against every candidate so timing says nothing about which matched); bcrypt
 * hashes come from a Pocket ID export (pre-2.14 secrets) and are checked only when no SHA-256 one
 * matched, as bcrypt is deliberately slow.
 */
export async function checkClientSecret(secret: string, stored: StoredSecret[]): Promise<boolean> {
  const presented = sha256Hex(secret);
  let ok = false;
  for (const s of stored) if (s.alg === "sha256" && safeEqual(presented, s.hash)) ok = true;
  if (ok) return true;
  // bcrypt reads at most 72 bytes; a longer secret is no Pocket ID secret.
  if (Buffer.byteLength(secret) > 72) return false;
  for (const s of stored) {
    if (s.alg === "bcrypt" && /^\$2[aby]\$\d{2}\$/.test(s.hash) && (await bcrypt.compare(secret, s.hash))) return true;
  }
  return false;
}

const assertionFailed = (why: string) => new InvalidClientError(`The client assertion is invalid: ${why}`);

/**
 * RFC 7523 §3 checks, in order: which key set (a federated identity whose issuer the assertion
 * names, else the client's own JWKS for private_key_jwt) → signature with an asymmetric algorithm
 * → iss, sub, aud → exp required, 30 s skew (inventory §2.8) → jti single use where required.
 */
async function verifyClientAssertion(
  assertion: string,
  client: OidcClient,
  store: OidcStore,
  now: Date,
  ctx: AssertionContext,
): Promise<ClientAuthMethod> {
  let unverified: JWTPayload;
  try {
    unverified = decodeJwt(assertion);
  } catch {
    throw assertionFailed("it is not a JWT.");
  }
  const federated = client.federatedIdentities.find((f) => f.issuer === unverified.iss);
  if (federated) {
    const payload = await verifyAssertionJwt(assertion, loadKeys(() => ctx.remoteJwks(federatedJwksUrl(federated))), {
      issuer: federated.issuer,
      subject: federated.subject || client.id,
      audiences: [federated.audience || ctx.issuer],
      now,
    });
    if (federated.replayProtection) await checkAssertionJti(payload, client, store, now);
    return "federated";
  }
  // RFC 7523 §3 items 1-2 / OIDC Core §9: for private_key_jwt iss and sub are the client id.
  const { jwks, jwksUri } = client;
  const keys = jwks
    ? loadKeys(() => registeredKeySet(jwks))
    : jwksUri
      ? loadKeys(() => ctx.remoteJwks(jwksUri))
      : null;
  if (!keys) throw assertionFailed("the client has no keys or federated identity for this issuer.");
  const payload = await verifyAssertionJwt(assertion, keys, { issuer: client.id, subject: client.id, audiences: ctx.audiences, now });
  // OIDC Core §9: jti is required for private_key_jwt, and single use.
  await checkAssertionJti(payload, client, store, now);
  return "private_key_jwt";
}

/** Key sets of registered JWKS documents, by their text: jose imports each key once, not per request. */
const registeredKeySets = new Map<string, JWTVerifyGetKey>();
const REGISTERED_KEY_SETS_MAX = 200;

function registeredKeySet(jwks: unknown): JWTVerifyGetKey {
  const text = JSON.stringify(jwks);
  let set = registeredKeySets.get(text);
  if (!set) {
    set = createLocalJWKSet(jwks as Parameters<typeof createLocalJWKSet>[0]);
    if (registeredKeySets.size >= REGISTERED_KEY_SETS_MAX) registeredKeySets.delete(registeredKeySets.keys().next().value!);
    registeredKeySets.set(text, set);
  }
  return set;
}

/**
 * A key set as configured by an admin: a malformed JWKS or URL is a failed authentication of
 * that client (invalid_client), never a server error.
 */
function loadKeys(load: () => JWTVerifyGetKey): JWTVerifyGetKey {
  try {
    return load();
  } catch {
    throw assertionFailed("the signing keys could not be loaded.");
  }
}

/** inventory §2.8: default `<issuer>/.well-known/jwks.json`. */
export function federatedJwksUrl(f: FederatedIdentity): string {
  return f.jwks || `${f.issuer.replace(/\/+$/, "")}/.well-known/jwks.json`;
}

async function verifyAssertionJwt(
  assertion: string,
  keys: JWTVerifyGetKey,
  expect: { issuer: string; subject: string; audiences: string[]; now: Date },
): Promise<JWTPayload> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(assertion, keys, {
      algorithms: ASSERTION_ALGS,
      issuer: expect.issuer,
      subject: expect.subject,
      audience: expect.audiences,
      clockTolerance: ASSERTION_CLOCK_SKEW_SECONDS,
      currentDate: expect.now,
      requiredClaims: ["exp"],
    }));
  } catch (e) {
    const code = (e as { code?: string }).code ?? "";
    if (code === "ERR_JWT_EXPIRED") throw assertionFailed("it has expired.");
    if (code === "ERR_JWT_CLAIM_VALIDATION_FAILED") throw assertionFailed(`${(e as { claim?: string }).claim ?? "a"} claim check failed.`);
    if (code === "ERR_JWKS_NO_MATCHING_KEY" || code === "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") throw assertionFailed("the signature does not verify.");
    if (code === "ERR_JOSE_ALG_NOT_ALLOWED") throw assertionFailed("its algorithm is not accepted.");
    if (code.startsWith("ERR_JWKS") || code === "ERR_JOSE_GENERIC") throw assertionFailed("the signing keys could not be loaded.");
    throw assertionFailed("it could not be verified.");
  }
  return payload;
}

/** End of the year 9999 in seconds: the latest expiry a jti record can be stored with. */
const LATEST_ASSERTION_EXP = Date.UTC(9999, 11, 31, 23, 59, 59) / 1000 - ASSERTION_CLOCK_SKEW_SECONDS;

/** RFC 7523 §3 item 7: a jti is accepted once, remembered until the assertion expires. */
async function checkAssertionJti(payload: JWTPayload, client: OidcClient, store: OidcStore, now: Date): Promise<void> {
  if (typeof payload.jti !== "string" || payload.jti === "" || payload.jti.length > 512) throw assertionFailed("a jti claim is required.");
  // The jti is remembered until exp: an exp past what a date column holds (the year 9999) could
  // not be stored (a 500), and no workload needs an assertion that lives for millennia.
  if (payload.exp! > LATEST_ASSERTION_EXP) throw assertionFailed("its exp is too far in the future.");
  const expiresAt = new Date((payload.exp! + ASSERTION_CLOCK_SKEW_SECONDS) * 1000);
  if (!(await store.recordAssertionJti(client.id, payload.jti, expiresAt, now))) throw assertionFailed("its jti was already used.");
}
