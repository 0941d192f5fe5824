import { describe, expect, it } from "vitest";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { SoftPasskey, type SoftPasskeyOptions } from "../helpers/soft-passkey.mjs";

// The project's one software passkey (tests/helpers/soft-passkey.mjs: integration tests, the
// conformance suite, e2e and `npm run bench`) must answer both ceremonies in a form the server's own
// WebAuthn library accepts, with the flags, AAGUID and counter it was set up with, or those tests
// and the benchmark exercise error paths.
const origin = "http://127.0.0.1:14400";
const rpID = "127.0.0.1";
const USER_ID = "5f0c8d9e-1a2b-4c3d-9e8f-0123456789ab";
const GOOGLE_PM = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";

async function registered(opts: Partial<SoftPasskeyOptions> = {}) {
  const passkey = new SoftPasskey({ origin, ...opts });
  const options = await generateRegistrationOptions({
    rpName: "Test",
    rpID,
    userName: "alice",
    userID: new TextEncoder().encode(USER_ID),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  const verification = await verifyRegistrationResponse({
    response: passkey.register(options),
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: false,
  });
  return { passkey, options, verification };
}

async function signIn(passkey: SoftPasskey, credential: NonNullable<Awaited<ReturnType<typeof verifyRegistrationResponse>>["registrationInfo"]>["credential"]) {
  const options = await generateAuthenticationOptions({ rpID, userVerification: "required" });
  const assertion = passkey.assert(options);
  const verification = await verifyAuthenticationResponse({ response: assertion, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: false, credential });
  return { assertion, verification };
}

describe("software passkey", () => {
  it("registers through a verifiable registration answer (ES256, attestation none, user verified, device-bound)", async () => {
    const { passkey, options, verification } = await registered();
    expect(verification.verified).toBe(true);
    const info = verification.registrationInfo!;
    expect(info.credential.id).toBe(passkey.credentialId);
    expect(info.userVerified).toBe(true);
    expect(info.credentialDeviceType).toBe("singleDevice");
    expect(info.aaguid).toBe("00000000-0000-0000-0000-000000000000");
    expect(passkey.userHandle).toBe(options.user.id);
  });

  it("reports the AAGUID, backup flags, user verification and credential id it was set up with", async () => {
    const { verification } = await registered({ aaguid: GOOGLE_PM, backupEligible: true, backedUp: true, userVerified: false, credentialId: Buffer.from("the-same-credential-id") });
    const info = verification.registrationInfo!;
    expect(info.aaguid).toBe(GOOGLE_PM);
    expect(info.credentialDeviceType).toBe("multiDevice");
    expect(info.credentialBackedUp).toBe(true);
    expect(info.userVerified).toBe(false);
    expect(Buffer.from(info.credential.id, "base64url").toString()).toBe("the-same-credential-id");
  });

  it("signs in with a discoverable assertion that verifies against the registered public key, and not against another challenge", async () => {
    const { passkey, verification } = await registered();
    const credential = verification.registrationInfo!.credential;
    const { assertion, verification: ok } = await signIn(passkey, credential);
    expect(Buffer.from(assertion.response.userHandle!, "base64url").toString()).toBe(USER_ID);
    expect(ok.verified).toBe(true);
    expect(ok.authenticationInfo.newCounter).toBe(0);
    await expect(
      verifyAuthenticationResponse({ response: assertion, expectedChallenge: "another-challenge", expectedOrigin: origin, expectedRPID: rpID, credential }),
    ).rejects.toThrow();
  });

  it("sends the counter and backup state it holds at the time of the sign-in", async () => {
    const { passkey, verification } = await registered({ backupEligible: true });
    Object.assign(passkey, { counter: 7, backedUp: true });
    const { verification: ok } = await signIn(passkey, verification.registrationInfo!.credential);
    expect(ok.authenticationInfo.newCounter).toBe(7);
    expect(ok.authenticationInfo.credentialBackedUp).toBe(true);
  });

  it("signs in again from its saved state (another process: the conformance suite's global setup hands it to the tests)", async () => {
    const { passkey, verification } = await registered();
    const restored = SoftPasskey.fromState(JSON.parse(JSON.stringify(passkey.state())));
    const { verification: ok } = await signIn(restored, verification.registrationInfo!.credential);
    expect(ok.verified).toBe(true);
  });

  it("refuses options for another relying party, and a sign-in before registering", async () => {
    const passkey = new SoftPasskey({ origin });
    expect(() => passkey.assert({ challenge: "x" })).toThrow(/register the passkey first/);
    expect(() => passkey.register({ challenge: "x", rp: { id: "evil.example" }, user: { id: "dQ" } })).toThrow(/RP ID evil.example/);
  });
});
