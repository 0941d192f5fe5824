// Signing-key primitives and discovery metadata: every key-rotate algorithm signs and verifies, the
// JWKS never carries private members, sealed keys are bound to their kid, keys of earlier releases
// (sealed or Pocket ID's plain JWK file) import, and discovery publishes only registered keys.
import { describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify, SignJWT } from "jose";
import {
  SIGNING_ALGS,
  generateSigningJwk,
  openPrivateJwk,
  parseLegacyKey,
  sealLegacyKey,
  sealPrivateJwk,
  toSigningKey,
} from "@/lib/crypto/signing-keys";
import { DISCOVERY_FIELDS, POCKET_ID_METADATA, REGISTERED_METADATA, discoveryDocument } from "@/lib/oidc/discovery";
import { etagOf } from "@/lib/keys";

const MASTER = "master-key-0123456789";

describe("signing keys", () => {
  it.each(SIGNING_ALGS.filter((a) => a !== "RS512" && a !== "RS384"))("a new %s key signs tokens its public JWK verifies", async (alg) => {
    const key = await toSigningKey(await generateSigningJwk(alg));
    expect(key.alg).toBe(alg);
    const token = await new SignJWT({ sub: "u" }).setProtectedHeader({ alg, kid: key.kid }).sign(key.privateKey);
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [key.publicJwk] }), { algorithms: [alg] });
    expect(payload.sub).toBe("u");
    for (const secret of ["d", "p", "q", "dp", "dq", "qi"]) expect(key.publicJwk).not.toHaveProperty(secret);
    expect(key.publicJwk).toMatchObject({ kid: key.kid, alg, use: "sig" });
  });

  it("creates RS384 keys with a 3072-bit modulus (Pocket ID's key sizes)", async () => {
    const jwk = await generateSigningJwk("RS384");
    expect(Buffer.from(jwk.n!, "base64url").length * 8).toBe(3072);
  });

  it("binds a sealed private key to its kid and to ENCRYPTION_KEY", async () => {
    const jwk = await generateSigningJwk("ES256");
    const sealed = sealPrivateJwk(MASTER, jwk, jwk.kid!);
    expect(sealed).not.toContain(jwk.d!);
    expect(openPrivateJwk(MASTER, sealed, jwk.kid!).d).toBe(jwk.d);
    expect(() => openPrivateJwk(MASTER, sealed, "another-kid")).toThrow(/cannot be decrypted/);
    expect(() => openPrivateJwk("another-master-key-0123", sealed, jwk.kid!)).toThrow(/ENCRYPTION_KEY differs/);
  });

  it("reads the key file of earlier releases: sealed, or a plain JWK as Pocket ID writes it", async () => {
    const jwk = await generateSigningJwk("RS256");
    expect(parseLegacyKey(sealLegacyKey(MASTER, jwk), MASTER).kid).toBe(jwk.kid);
    expect(() => parseLegacyKey(sealLegacyKey(MASTER, jwk), "another-master-key-0123")).toThrow(/ENCRYPTION_KEY differs/);
    // Pocket ID's unencrypted jwt_private_key.json: a JWK with its own random kid (kept as is).
    const plain = { ...(await generateSigningJwk("ES256")), kid: "pocket-id-random-kid" };
    const imported = await toSigningKey(parseLegacyKey(JSON.stringify(plain), MASTER));
    expect(imported).toMatchObject({ kid: "pocket-id-random-kid", alg: "ES256" });
    // A key without alg (step CLI output): the default algorithm of its type.
    const { alg: _alg, ...noAlg } = await generateSigningJwk("EdDSA");
    expect((await toSigningKey(parseLegacyKey(JSON.stringify(noAlg), MASTER))).alg).toBe("EdDSA");
  });

  it("refuses a public key or an unsupported algorithm as a signing key", async () => {
    const { d: _d, ...pub } = await generateSigningJwk("ES256");
    await expect(toSigningKey(pub)).rejects.toThrow(/not a private key/);
    await expect(toSigningKey({ ...(await generateSigningJwk("ES256")), alg: "HS256" })).rejects.toThrow(/unsupported/);
  });
});

describe("discovery metadata", () => {
  const input = { appUrl: "https://id.example.com", internalAppUrl: "http://pocket-id:1411", idTokenSigningAlgs: ["RS256", "ES256"] };

  it("publishes only registered metadata names and Pocket ID's documented ones", () => {
    for (const [key] of DISCOVERY_FIELDS) {
      expect(REGISTERED_METADATA.has(key) || POCKET_ID_METADATA.has(key), `${key} is neither registered nor Pocket ID's`).toBe(true);
    }
  });

  it("uses INTERNAL_APP_URL for back-channel endpoints and APP_URL for the browser's (inventory §1.4)", () => {
    const doc = discoveryDocument(input);
    expect(doc).toMatchObject({
      issuer: "https://id.example.com",
      authorization_endpoint: "https://id.example.com/authorize",
      token_endpoint: "http://pocket-id:1411/api/oidc/token",
      jwks_uri: "http://pocket-id:1411/.well-known/jwks.json",
      id_token_signing_alg_values_supported: ["RS256", "ES256"],
    });
  });

  it("never emits an empty array", () => {
    const doc = discoveryDocument({ ...input, idTokenSigningAlgs: [] });
    expect(doc).not.toHaveProperty("id_token_signing_alg_values_supported");
    for (const value of Object.values(doc)) if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
  });

  it("derives a quoted ETag that changes with the body", () => {
    expect(etagOf("a")).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(etagOf("a")).not.toBe(etagOf("b"));
  });
});
