import { describe, expect, it } from "vitest";
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from "@simplewebauthn/server";
import { SoftAuthenticator } from "../../bench/lib/soft-webauthn.mjs";

// The benchmark's software passkey (bench/lib/soft-webauthn.mjs) must answer both ceremonies in
// a form the server's own WebAuthn library accepts, or `npm run bench` measures error paths.
const origin = "http://127.0.0.1:14400";
const rpID = "127.0.0.1";

async function registered() {
  const authenticator = new SoftAuthenticator({ origin });
  const options = await generateRegistrationOptions({
    rpName: "Bench",
    rpID,
    userName: "bench",
    userID: new TextEncoder().encode("5f0c8d9e-1a2b-4c3d-9e8f-0123456789ab"),
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
  });
  const verification = await verifyRegistrationResponse({
    response: authenticator.register(options),
    expectedChallenge: options.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
  });
  return { authenticator, options, verification };
}

describe("bench software passkey", () => {
  it("registers through a verifiable registration answer (ES256, attestation none, user verified)", async () => {
    const { authenticator, options, verification } = await registered();
    expect(verification.verified).toBe(true);
    expect(verification.registrationInfo?.credential.id).toBe(authenticator.credentialId.toString("base64url"));
    expect(verification.registrationInfo?.userVerified).toBe(true);
    expect(authenticator.userHandle).toBe(options.user.id);
  });

  it("signs in with a discoverable assertion that verifies against the registered public key, and not against another challenge", async () => {
    const { authenticator, verification } = await registered();
    const credential = verification.registrationInfo!.credential;
    const options = await generateAuthenticationOptions({ rpID, userVerification: "required" });
    const assertion = authenticator.assert(options);
    expect(Buffer.from(assertion.response.userHandle!, "base64url").toString()).toBe("5f0c8d9e-1a2b-4c3d-9e8f-0123456789ab");
    const ok = await verifyAuthenticationResponse({ response: assertion, expectedChallenge: options.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true, credential });
    expect(ok.verified).toBe(true);
    await expect(
      verifyAuthenticationResponse({ response: assertion, expectedChallenge: "another-challenge", expectedOrigin: origin, expectedRPID: rpID, credential }),
    ).rejects.toThrow();
  });
});
