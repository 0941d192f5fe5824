// The Logout Token (OIDC Back-Channel Logout 1.0 §2.4) and the outbound address policy.
import { describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { generateSigningJwk, toSigningKey } from "@/lib/crypto/signing-keys";
import { BACKCHANNEL_LOGOUT_EVENT, LOGOUT_TOKEN_LIFETIME_SECONDS, buildLogoutToken } from "@/lib/oidc/logout-token";
import { isAllowedOutboundAddress } from "@/lib/http/outbound";
import type { SigningAlg } from "@/lib/oidc/types";

async function key(alg: SigningAlg) {
  const jwk = await generateSigningJwk(alg);
  return toSigningKey(jwk);
}

describe("buildLogoutToken", () => {
  const now = new Date("2026-11-23T12:00:00Z");

  it.each(["RS256", "ES256", "EdDSA"] as const)("signs with %s and carries exactly the §2.4 claims", async (alg) => {
    const k = await key(alg);
    const { token, jti } = await buildLogoutToken(k, { issuer: "https://id.example.com", clientId: "grafana", sub: "user-1", sid: "session-1", now });
    const header = decodeProtectedHeader(token);
    expect(header).toEqual({ alg, kid: k.kid, typ: "logout+jwt" });
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [k.publicJwk] }), {
      issuer: "https://id.example.com",
      audience: "grafana",
      currentDate: now,
    });
    const iat = Math.floor(now.getTime() / 1000);
    expect(payload).toEqual({
      iss: "https://id.example.com",
      aud: "grafana",
      sub: "user-1",
      sid: "session-1",
      iat,
      exp: iat + LOGOUT_TOKEN_LIFETIME_SECONDS,
      jti,
      events: { [BACKCHANNEL_LOGOUT_EVENT]: {} },
    });
    // §2.4: a Logout Token MUST NOT contain a nonce.
    expect(payload).not.toHaveProperty("nonce");
  });

  it("carries sub only or sid only when that is all there is, and refuses neither", async () => {
    const k = await key("RS256");
    const jwks = createLocalJWKSet({ keys: [k.publicJwk] });
    const subOnly = await jwtVerify((await buildLogoutToken(k, { issuer: "https://i", clientId: "c", sub: "u", now })).token, jwks, { currentDate: now });
    expect(subOnly.payload.sub).toBe("u");
    expect(subOnly.payload).not.toHaveProperty("sid");
    const sidOnly = await jwtVerify((await buildLogoutToken(k, { issuer: "https://i", clientId: "c", sid: "s", now })).token, jwks, { currentDate: now });
    expect(sidOnly.payload.sid).toBe("s");
    expect(sidOnly.payload).not.toHaveProperty("sub");
    await expect(buildLogoutToken(k, { issuer: "https://i", clientId: "c", now })).rejects.toThrow(/sub, a sid/);
  });

  it("gives every token its own jti and is expired after its short lifetime", async () => {
    const k = await key("RS256");
    const a = await buildLogoutToken(k, { issuer: "https://i", clientId: "c", sub: "u", now });
    const b = await buildLogoutToken(k, { issuer: "https://i", clientId: "c", sub: "u", now });
    expect(a.jti).not.toBe(b.jti);
    const later = new Date(now.getTime() + (LOGOUT_TOKEN_LIFETIME_SECONDS + 1) * 1000);
    await expect(jwtVerify(a.token, createLocalJWKSet({ keys: [k.publicJwk] }), { currentDate: later })).rejects.toThrow(/exp/);
  });
});

describe("isAllowedOutboundAddress", () => {
  const strict = { allowLinkLocal: false };
  const lenient = { allowLinkLocal: true };
  it.each([
    ["127.0.0.1", true, true],
    ["::1", true, true],
    ["10.1.2.3", true, true],
    ["192.168.1.10", true, true],
    ["203.0.113.5", true, true],
    ["2001:db8::1", true, true],
    ["169.254.169.254", false, true],
    ["169.254.1.1", false, true],
    ["::ffff:169.254.169.254", false, true],
    ["[fe80::1]", false, true],
    ["fd00:ec2::254", false, true],
    ["100.100.100.200", false, true],
    ["0.0.0.0", false, false],
    ["::", false, false],
    ["224.0.0.1", false, false],
    ["ff02::1", false, false],
    ["255.255.255.255", false, false],
    ["not-an-ip", false, false],
    // IPv6 forms that carry an IPv4 address are judged as that address.
    ["::ffff:a9fe:a9fe", false, true],
    ["::ffff:0:a9fe:a9fe", false, true],
    ["::a9fe:a9fe", false, true],
    ["::169.254.169.254", false, true],
    ["64:ff9b::169.254.169.254", false, true],
    ["64:ff9b::a9fe:a9fe", false, true],
    ["64:ff9b:1::a9fe:a9fe", false, true],
    ["2002:a9fe:a9fe::1", false, true],
    ["::ffff:0.0.0.0", false, false],
    ["64:ff9b::cb00:7105", true, true],
    ["2002:cb00:7105::1", true, true],
  ])("%s: allowed %s, with ALLOW_LINK_LOCAL_OUTBOUND %s", (ip, byDefault, withFlag) => {
    expect(isAllowedOutboundAddress(ip, strict)).toBe(byDefault);
    expect(isAllowedOutboundAddress(ip, lenient)).toBe(withFlag);
  });
});
