// Types of soft-webauthn.mjs (plain JavaScript so that `npm run bench` needs no TypeScript runtime).
import type { KeyObject } from "node:crypto";
import type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON } from "@simplewebauthn/server";

export declare class SoftAuthenticator {
  constructor(opts: { origin: string; rpId?: string });
  readonly origin: string;
  readonly rpId: string;
  readonly keys: { publicKey: KeyObject; privateKey: KeyObject };
  readonly credentialId: Buffer;
  userHandle: string | null;
  register(options: PublicKeyCredentialCreationOptionsJSON): RegistrationResponseJSON;
  assert(options: PublicKeyCredentialRequestOptionsJSON): AuthenticationResponseJSON;
}
