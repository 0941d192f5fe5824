import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import { z } from "zod";
import { db, type Tx } from "../db/client";
import { isUniqueViolation } from "../db/errors";
import { hasControlCharacter } from "../oidc/limits";
import { env } from "../config/env";
import { appConfig, webauthnConfig } from "../config/app-config";
import { AppError, PASSKEY_ANSWER_NOT_VERIFIED } from "../errors";
import { writeAudit, type RequestMeta } from "../db/audit";
import { createSession, type CookieSpec } from "./session";
import { passkeyNameFor } from "./authenticator-names";

/**
 * Passkey ceremonies (inventory §5.2). Relying party = APP_URL: RP ID its host, the only accepted
 * origin APP_URL itself. Discoverable credentials are required; user verification, synced
 * passkeys and the authenticator attachment follow the application configuration (webauthnConfig,
 * inventory §4.1). The challenge lives in a webauthn_sessions row named by a short-lived cookie and is deleted before
 * the response is verified (DESIGN rule 6), so a response can never be replayed.
 *
 * One browser may run ceremonies side by side (the passkey autofill's and the button's, two tabs):
 * the cookie names the last few rows, and an answer finds its own row by the challenge it signed,
 * which must be one this browser was given. A later start never voids an earlier one.
 */
const CEREMONY_TIMEOUT_MS = 60_000;
/** Ceremonies one browser may have open at once; the oldest name drops out of the cookie. */
const CEREMONIES_PER_BROWSER = 4;
const CEREMONY_ID = /^[0-9a-f-]{36}$/;

// WebAuthn Level 3 §5.1 JSON serialisation (what @simplewebauthn/browser sends): checked here, at
// the boundary, so a malformed body is a 400 invalid_webauthn_response, never a TypeError.
const TRANSPORTS = ["usb", "nfc", "ble", "smart-card", "hybrid", "internal", "cable"] as const;
type Transport = (typeof TRANSPORTS)[number];
const b64url = z.string().max(16_384).regex(/^[A-Za-z0-9_-]*={0,2}$/);
const credentialBase = {
  id: b64url.min(1),
  rawId: b64url.min(1),
  type: z.literal("public-key"),
  clientExtensionResults: z.looseObject({}).optional().default({}),
  authenticatorAttachment: z.enum(["platform", "cross-platform"]).optional(),
};
export const authenticationResponseSchema = z.looseObject({
  ...credentialBase,
  response: z.looseObject({
    clientDataJSON: b64url,
    authenticatorData: b64url,
    signature: b64url,
    userHandle: b64url.optional(),
  }),
});
export const registrationResponseSchema = z.looseObject({
  ...credentialBase,
  response: z.looseObject({
    clientDataJSON: b64url,
    attestationObject: b64url,
    // Only WebAuthn's AuthenticatorTransport values are stored and echoed back in
    // excludeCredentials/allowCredentials (WebAuthn L3 §5.8.4): unknown strings are dropped, as the
    // spec tells relying parties to ignore values they do not know.
    transports: z
      .array(z.string().max(32))
      .max(16)
      .transform((list) => Array.from(new Set(list.filter((t): t is Transport => (TRANSPORTS as readonly string[]).includes(t)))))
      .optional(),
    authenticatorData: b64url.optional(),
    publicKey: b64url.optional(),
    publicKeyAlgorithm: z.number().int().optional(),
  }),
});

/** A sign-in body as sent by the browser, or 400 invalid_webauthn_response. */
export function parseAuthenticationResponse(body: unknown): AuthenticationResponseJSON {
  const parsed = authenticationResponseSchema.safeParse(body);
  if (!parsed.success) throw new AppError("invalid_webauthn_response");
  return parsed.data as AuthenticationResponseJSON;
}

/** A registration body as sent by the browser, or 400 invalid_webauthn_response. */
export function parseRegistrationResponse(body: unknown): RegistrationResponseJSON {
  const parsed = registrationResponseSchema.safeParse(body);
  if (!parsed.success) throw new AppError("invalid_webauthn_response");
  return parsed.data as RegistrationResponseJSON;
}

export function ceremonyCookieName(): string {
  return env().secureCookies ? "__Host-session" : "session";
}

/** The ceremony ids a cookie value names (anything malformed is ignored, never an error). */
function ceremonyIds(cookie: string | undefined): string[] {
  if (!cookie || cookie.length > 40 * CEREMONIES_PER_BROWSER) return [];
  return cookie.split(".").filter((id) => CEREMONY_ID.test(id));
}

/** The cookie for a new ceremony: its id after the browser's still-open ones, the oldest dropped. */
function ceremonyCookie(id: string, previous: string | undefined): CookieSpec {
  const ids = [...ceremonyIds(previous).filter((other) => other !== id), id].slice(-CEREMONIES_PER_BROWSER);
  return {
    name: ceremonyCookieName(),
    value: ids.join("."),
    options: { httpOnly: true, secure: env().secureCookies, sameSite: "lax", path: "/", maxAge: CEREMONY_TIMEOUT_MS / 1000 },
  };
}

export function relyingParty() {
  const url = new URL(env().appUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** The challenge a WebAuthn answer signed (its clientDataJSON), or null when it names none. */
function signedChallenge(clientDataJSON: string): string | null {
  try {
    const challenge = (JSON.parse(Buffer.from(clientDataJSON, "base64url").toString("utf8")) as { challenge?: unknown }).challenge;
    return typeof challenge === "string" && challenge.length > 0 && challenge.length <= 128 ? challenge : null;
  } catch {
    return null;
  }
}

/**
 * The ceremony an answer belongs to, deleted before anything else is checked: found by the
 * challenge the answer signed, and only if this browser's cookie names it (a challenge seen
 * elsewhere is no use without the cookie it was issued with).
 */
async function consumeCeremony(cookie: string | undefined, clientDataJSON: string, kind: "registration" | "authentication", now: Date) {
  const ids = ceremonyIds(cookie);
  const challenge = signedChallenge(clientDataJSON);
  if (ids.length === 0 || !challenge || hasControlCharacter(challenge)) throw new AppError("invalid_webauthn_session");
  // The delete is the consumption: of two requests carrying the same answer, one gets the row.
  // Only a ceremony this browser started (its id in the cookie) can be consumed by it. Read and
  // deleted in one statement; "no such row" (P2025) is the only refusal, any other error is one.
  const row = await db()
    .webauthnSession.delete({ where: { challenge, AND: { id: { in: ids } } } })
    .catch((e: unknown) => {
      if ((e as { code?: unknown })?.code === "P2025") return null;
      throw e;
    });
  if (!row || row.kind !== kind || row.expiresAt <= now) throw new AppError("invalid_webauthn_session");
  return row;
}

export async function startRegistration(userId: string, previousCookie?: string, now = new Date()) {
  const user = await db().user.findUniqueOrThrow({ where: { id: userId }, include: { credentials: true } });
  const { rpID } = relyingParty();
  const policy = await webauthnConfig();
  const options = await generateRegistrationOptions({
    rpName: (await appConfig()).appName,
    rpID,
    userName: user.username,
    userID: new TextEncoder().encode(user.id),
    userDisplayName: user.displayName || `${user.firstName} ${user.lastName}`.trim() || user.username,
    attestationType: "none",
    excludeCredentials: user.credentials.map((c) => ({ id: c.credentialId, transports: JSON.parse(c.transports) })),
    authenticatorSelection: {
      residentKey: "required",
      requireResidentKey: true,
      userVerification: policy.userVerification,
      // "any" leaves the choice to the browser: the member is omitted (inventory §5.2).
      ...(policy.authenticatorAttachment === "any" ? {} : { authenticatorAttachment: policy.authenticatorAttachment }),
    },
    extensions: { credProps: true } as AuthenticationExtensionsClientInputs,
    timeout: CEREMONY_TIMEOUT_MS,
  });
  const row = await db().webauthnSession.create({
    // The policy in force when the ceremony began is the one its answer is checked against.
    data: { challenge: options.challenge, kind: "registration", userId, userVerification: policy.userVerification, expiresAt: new Date(now.getTime() + CEREMONY_TIMEOUT_MS) },
  });
  return { options, cookie: ceremonyCookie(row.id, previousCookie) };
}

export async function finishRegistration(
  userId: string,
  ceremonyId: string | undefined,
  response: RegistrationResponseJSON,
  meta: RequestMeta,
  now = new Date(),
) {
  const ceremony = await consumeCeremony(ceremonyId, response.response.clientDataJSON, "registration", now);
  if (ceremony.userId !== userId) throw new AppError("invalid_webauthn_session");
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: ceremony.userVerification === "required",
    });
  } catch (e) {
    if (/user could not be verified|user verification/i.test((e as Error).message)) throw new AppError("passkey_user_verification_required");
    throw new AppError("invalid_webauthn_response");
  }
  if (!verification.verified) throw new AppError("invalid_webauthn_response");
  const info = verification.registrationInfo;
  // Synced passkeys refused: a backup-eligible credential is one that can leave the device
  // (WebAuthn L3 §6.1.3 BE flag; inventory §5.2). Existing ones keep working.
  if (info.credentialDeviceType === "multiDevice" && !(await webauthnConfig()).allowSyncedPasskeys) {
    throw new AppError("synced_passkey_not_allowed");
  }
  return db().$transaction(async (tx) => {
    const credential = await tx.webauthnCredential.create({
      data: {
        name: passkeyNameFor(info.aaguid),
        credentialId: info.credential.id,
        publicKey: Buffer.from(info.credential.publicKey),
        signCount: info.credential.counter,
        transports: JSON.stringify(response.response.transports ?? []),
        aaguid: info.aaguid,
        attestationType: info.fmt,
        backupEligible: info.credentialDeviceType === "multiDevice",
        backupState: info.credentialBackedUp,
        userId,
      },
    });
    await writeAudit(tx, "PASSKEY_ADDED", meta, userId, { passkeyName: credential.name, aaguid: credential.aaguid });
    return credential;
  }).catch((e: unknown) => {
    // One credential id names one passkey (WebAuthn §7.1 step 26 lets the RP refuse a known one):
    // the authenticator was not told to exclude it (e.g. it is registered to another account), or
    // the same id was registered concurrently. The unique index decides either way.
    if (isUniqueViolation(e)) throw new AppError("passkey_already_registered");
    throw e;
  });
}

export async function startAuthentication(previousCookie?: string, now = new Date()) {
  const { rpID } = relyingParty();
  const { userVerification } = await webauthnConfig();
  const options = await generateAuthenticationOptions({ rpID, userVerification, timeout: CEREMONY_TIMEOUT_MS });
  const row = await db().webauthnSession.create({
    data: { challenge: options.challenge, kind: "authentication", userVerification, expiresAt: new Date(now.getTime() + CEREMONY_TIMEOUT_MS) },
  });
  return { options, cookie: ceremonyCookie(row.id, previousCookie) };
}

/** Verifies a discoverable-credential assertion and opens a session with amr ["phr"]. */
export async function finishAuthentication(
  ceremonyId: string | undefined,
  response: AuthenticationResponseJSON,
  meta: RequestMeta,
  now = new Date(),
) {
  const { stored, verification } = await verifyAssertion(ceremonyId, response, now);
  if (stored.user.disabled) throw new AppError("user_disabled");
  return db().$transaction(async (tx) => {
    await recordPasskeyUse(tx, stored.id, verification, now);
    const session = await createSession(tx, stored.userId, ["phr"], meta, now);
    await writeAudit(tx, "SIGN_IN", meta, stored.userId, { method: "passkey" });
    return { user: stored.user, cookie: session.cookie };
  });
}

/**
 * A fresh passkey assertion by a user who is already signed in (step-up before approving another
 * device's sign-in, inventory §5.4): the ceremony is consumed, the passkey must belong to
 * `userId` (anyone else's passkey is webauthn_authentication_failed), and its counter and last
 * use are recorded in the caller's transaction. No session is created.
 */
export async function verifyUserPasskey(ceremonyId: string | undefined, response: AuthenticationResponseJSON, userId: string, now = new Date()) {
  const { stored, verification } = await verifyAssertion(ceremonyId, response, now);
  if (stored.userId !== userId) throw new AppError("webauthn_authentication_failed", "This passkey belongs to another account. Use a passkey of the account you are signed in with.");
  return { credentialId: stored.id, record: (tx: Tx) => recordPasskeyUse(tx, stored.id, verification, now) };
}

async function recordPasskeyUse(tx: Tx, id: string, verification: { authenticationInfo: { newCounter: number; credentialBackedUp: boolean } }, now: Date) {
  await tx.webauthnCredential.update({
    where: { id },
    data: {
      signCount: verification.authenticationInfo.newCounter,
      backupState: verification.authenticationInfo.credentialBackedUp,
      lastUsedAt: now,
    },
  });
}

async function verifyAssertion(ceremonyId: string | undefined, response: AuthenticationResponseJSON, now: Date) {
  const ceremony = await consumeCeremony(ceremonyId, response.response.clientDataJSON, "authentication", now);
  const stored = await db().webauthnCredential.findUnique({ where: { credentialId: response.id }, include: { user: true } });
  if (!stored) throw new AppError("webauthn_authentication_failed");
  // The user handle of a discoverable credential must name the credential's owner.
  if (response.response.userHandle) {
    const handle = Buffer.from(response.response.userHandle, "base64url").toString("utf8");
    if (handle !== stored.userId) throw new AppError("webauthn_authentication_failed");
  }
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      // inventory §5.2: the UV flag is enforced when the policy requires it.
      requireUserVerification: ceremony.userVerification === "required",
      credential: {
        id: stored.credentialId,
        publicKey: new Uint8Array(stored.publicKey),
        counter: stored.signCount,
        transports: JSON.parse(stored.transports),
      },
    });
  } catch (e) {
    if (/user verification/i.test((e as Error).message)) throw new AppError("passkey_user_verification_required");
    // The passkey is known, but its answer did not verify (signature, origin, challenge, RP ID):
    // "not recognised, may have been removed" would send the person looking for a deleted key.
    throw new AppError("webauthn_authentication_failed", PASSKEY_ANSWER_NOT_VERIFIED);
  }
  if (!verification.verified) throw new AppError("webauthn_authentication_failed", PASSKEY_ANSWER_NOT_VERIFIED);
  return { stored, verification };
}
