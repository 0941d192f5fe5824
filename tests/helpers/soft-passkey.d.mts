// Types of soft-passkey.mjs (plain JavaScript so that `npm run bench` needs no TypeScript runtime).
import type { KeyObject } from "node:crypto";
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

export interface SoftPasskeyOptions {
  /** The relying party's origin (APP_URL), written into every clientDataJSON. */
  origin: string;
  /** The RP ID (default: the origin's host name). */
  rpId?: string;
  /** Its private key (a KeyObject or PKCS#8 PEM); a new P-256 key by default. */
  privateKey?: KeyObject | string;
  /** The credential id (bytes or base64url); 16 random bytes by default. */
  credentialId?: Buffer | string;
  /** The WebAuthn user handle (base64url); register() sets it from the server's options. */
  userHandle?: string | null;
  /** The authenticator's AAGUID (default all zero, as with attestation "none"). */
  aaguid?: string;
  /** Flags of the authenticator data: user verified (default true), backup eligible and backed up (default false). */
  userVerified?: boolean;
  backupEligible?: boolean;
  backedUp?: boolean;
  /** The sign count sent with each assertion (default 0, as a synced passkey sends). */
  counter?: number;
}

/** What state() returns and fromState() takes: a passkey that can outlive the process that made it. */
export interface PasskeyState {
  origin: string;
  rpId: string;
  credentialId: string;
  privateKeyPem: string;
  userHandle: string;
}

export declare class SoftPasskey {
  constructor(opts: SoftPasskeyOptions);
  static fromState(state: PasskeyState): SoftPasskey;
  readonly origin: string;
  readonly rpId: string;
  readonly privateKey: KeyObject;
  /** base64url */
  readonly credentialId: string;
  userHandle: string | null;
  aaguid: Buffer;
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  counter: number;
  state(): PasskeyState;
  register(options: { challenge: string; rp?: { id?: string }; user?: { id: string }; pubKeyCredParams?: { alg: number }[] }): RegistrationResponseJSON;
  assert(options: { challenge: string; rpId?: string }): AuthenticationResponseJSON;
}
