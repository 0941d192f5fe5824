import { randomBytes } from "node:crypto";
import { sha256Hex } from "../crypto/hash";
import { randomString } from "../crypto/random";
import { checkResourceSyntax, type ResourcePolicy } from "./authorize";
import { authenticateClient, type AssertionContext } from "./client-auth";
import { DEVICE_CODE_GRANT } from "./cimd";
import { checkClientMayUseGrant } from "./token/checks";
import { InvalidRequestError, OAuthError } from "./errors";
import { AUTHORIZE_LIMITS, hasControlCharacter, MIN_NONCE_LENGTH } from "./limits";
import { keepStandardScopes, parseScopeTokens } from "./scope-tokens";
import type { OidcStore } from "./store";

/** Inventory §2.1 / §2.14: a device code lives 15 minutes and is polled every 5 s at most. */
export const DEVICE_CODE_TTL_SECONDS = 15 * 60;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval the client must keep. */
export const SLOW_DOWN_STEP_SECONDS = 5;

/** Inventory §2.1: device codes are opaque with Pocket ID's prefix. */
export const DEVICE_CODE_PREFIX = "pocket_id_dc_";
/**
 * Inventory §2.1: user codes are `E` + 7 characters of Pocket ID's alphabet, which leaves out I, L
 * and O (read as 1 and 0). 33^7 ≈ 2^35 codes: guessing one that is live in its 15 minutes needs
 * billions of tries, and lookups are rate limited per address and per user (RFC 8628 §5.1).
 */
export const USER_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ0123456789";
export const USER_CODE_PREFIX = "E";
const USER_CODE_LENGTH = 8;

export function newUserCode(): string {
  return USER_CODE_PREFIX + randomString(USER_CODE_LENGTH - 1, USER_CODE_ALPHABET);
}

/**
 * What a person typed, as the stored code (inventory §2.14 "trim, upper-case, I→1, O→0"; RFC 8628
 * §6.1: dashes and spaces are for readability only). Null when it cannot be a user code at all, so
 * nothing is looked up for it.
 */
export function normaliseUserCode(input: string): string | null {
  const code = input
    .toUpperCase()
    .replace(/[\s\-–—]/g, "")
    .replace(/I|L/g, "1")
    .replace(/O/g, "0");
  if (code.length !== USER_CODE_LENGTH) return null;
  for (const c of code) if (!USER_CODE_ALPHABET.includes(c)) return null;
  return code;
}

/** "EABC-DEFG": how the page shows a code, so it reads like the one on the device. */
export function formatUserCode(code: string): string {
  return code.length === USER_CODE_LENGTH ? `${code.slice(0, 4)}-${code.slice(4)}` : code;
}

export const userCodeHash = (normalised: string): string => sha256Hex(`user-code\n${normalised}`);
export const deviceCodeHash = (deviceCode: string): string => sha256Hex(deviceCode);

export interface DeviceAuthorizationResponse {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** RFC 6749 §3.2 as applied by RFC 8628 §3.1: no parameter twice, except the repeatable `resource` (RFC 8707 §2). */
function checkNoRepeatedParams(form: URLSearchParams): void {
  for (const name of new Set(form.keys())) {
    if (name !== "resource" && form.getAll(name).length > 1) throw new InvalidRequestError(`The '${name}' parameter must not be repeated.`);
  }
}

/**
 * RFC 6749 §3.3 with /authorize's limits. Every well-formed token is kept for the resource rules,
 * which drop unknown ones as /authorize does (inventory §2.2); API permission keys survive only
 * for an API the request names.
 */
function checkScope(form: URLSearchParams): string[] {
  const raw = form.get("scope") ?? "";
  if (raw.length > AUTHORIZE_LIMITS.scope || hasControlCharacter(raw)) throw new InvalidRequestError("The scope parameter is too long or malformed.");
  return parseScopeTokens(raw);
}

/** Inventory §2.14: an optional nonce for the ID token, with /authorize's rules (§2.2). */
function checkNonce(form: URLSearchParams): string | null {
  const nonce = form.get("nonce") || null;
  if (nonce === null) return null;
  if (nonce.length > AUTHORIZE_LIMITS.nonce || hasControlCharacter(nonce)) throw new InvalidRequestError("The nonce parameter is too long or malformed.");
  if (nonce.length < MIN_NONCE_LENGTH) throw new InvalidRequestError(`The nonce parameter must be at least ${MIN_NONCE_LENGTH} characters.`);
  return nonce;
}

/**
 * RFC 8707 §2 at this endpoint (inventory §2.14, §2.16), as /authorize resolves it: the APIs'
 * policy decides the audience and which scopes can be granted (user-delegated access); without a
 * policy, any resource is invalid_target and only standard scopes remain.
 */
async function checkResources(
  form: URLSearchParams,
  policy: ResourcePolicy | undefined,
  client: Parameters<ResourcePolicy>[0]["client"],
  scope: string[],
): Promise<{ resource: string[]; scope: string[] }> {
  const resource = checkResourceSyntax(form.getAll("resource"));
  if (!policy) {
    if (resource.length) throw new OAuthError("invalid_target", "The 'resource' or 'scope' parameter is invalid.");
    return { resource, scope: keepStandardScopes(scope) };
  }
  const resolved = await policy({ client, resource, scope });
  return { resource: resolved.audience ? [resolved.audience] : [], scope: resolved.scope };
}

/**
 * The device authorization endpoint (RFC 8628 §3.1-3.2; inventory §2.14), in order: parameters not
 * repeated → client authenticated as at the token endpoint (public clients by client_id alone) →
 * scope → nonce → resources → a device code (256 random bits) and a user code, both stored only
 * as hashes, pending for 15 minutes.
 */
export async function deviceAuthorization(
  form: URLSearchParams,
  authorization: string | null,
  ctx: { store: OidcStore; now: Date; appUrl: string; assertion?: AssertionContext; resourcePolicy?: ResourcePolicy },
): Promise<DeviceAuthorizationResponse> {
  checkNoRepeatedParams(form);
  const client = await authenticateClient(form, authorization, ctx.store, ctx.now, ctx.assertion);
  checkClientMayUseGrant(client, DEVICE_CODE_GRANT);
  const requested = checkScope(form);
  const nonce = checkNonce(form);
  const { resource, scope } = await checkResources(form, ctx.resourcePolicy, client, requested);

  const deviceCode = DEVICE_CODE_PREFIX + randomBytes(32).toString("base64url");
  const expiresAt = new Date(ctx.now.getTime() + DEVICE_CODE_TTL_SECONDS * 1000);
  // A user code is short: two live ones may collide (the stored hash is unique), so draw again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const userCode = newUserCode();
    const saved = await ctx.store.saveDeviceCode({
      deviceCodeHash: deviceCodeHash(deviceCode),
      userCodeHash: userCodeHash(userCode),
      clientId: client.id,
      scope,
      resource,
      nonce,
      intervalSeconds: DEVICE_POLL_INTERVAL_SECONDS,
      expiresAt,
      now: ctx.now,
    });
    if (!saved) continue;
    const verificationUri = `${ctx.appUrl}/device`;
    return {
      device_code: deviceCode,
      user_code: userCode,
      verification_uri: verificationUri,
      verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
      expires_in: DEVICE_CODE_TTL_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
    };
  }
  throw new Error("Could not draw an unused user code.");
}
