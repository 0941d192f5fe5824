// Client authentication at the token endpoint (issue 6 item 2; inventory §2.8, RFC 6749 §2.3, RFC 7523):
// Basic with form-urlencoded parts, several secrets with expiry, bcrypt hashes from a Pocket ID export,
// exactly one method per request, federated client credentials (remote JWKS, exp, 30 s skew, jti replay)
// and private_key_jwt with a registered JWKS. On SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import bcrypt from "bcryptjs";
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { basic, seedClient } from "../helpers/seed";
import { POST as token } from "@/app/api/oidc/token/route";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

let jwksServer: Server;
let jwksUrl: string;
let federatedKey: CryptoKey;
let clientKey: CryptoKey;
let clientPublicJwk: object;

beforeAll(async () => {
  const federated = await generateKeyPair("ES256");
  federatedKey = federated.privateKey;
  const federatedJwk = { ...(await exportJWK(federated.publicKey)), kid: "ci-1", alg: "ES256", use: "sig" };
  const own = await generateKeyPair("RS256");
  clientKey = own.privateKey;
  clientPublicJwk = { ...(await exportJWK(own.publicKey)), kid: "rp-1", alg: "RS256", use: "sig" };
  // A workload-identity issuer's JWKS, served over real HTTP as in production.
  jwksServer = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: [federatedJwk] }));
  });
  await new Promise<void>((resolve) => jwksServer.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise<void>((resolve) => jwksServer.close(() => resolve())));

describe.each(PROVIDERS)("client authentication on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  const cc = (form: Record<string, string> = {}, headers: Record<string, string> = {}) =>
    token(req("/api/oidc/token", { form: { grant_type: "client_credentials", ...form }, headers }));

  it("decodes Basic credentials as form-urlencoded id and secret (RFC 6749 §2.3.1)", async () => {
    const { id, secret } = await seedClient({ id: "svc.one_2", secret: "p@ss word+plus:colon%percent/slash" });
    expect((await cc({}, { authorization: basic(id, secret!) })).status).toBe(200);
    // Unencoded, the '+' would be a space and '%pe' no escape at all: not the same secret.
    const raw = `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
    const res = await cc({}, { authorization: raw });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Basic");
  });

  it("accepts any non-expired secret of several, and no expired one", async () => {
    const { id, secret } = await seedClient({ id: "svc" });
    const second = "second-secret-second-secret-0001";
    const expired = "expired-secret-expired-secret-01";
    await db().oidcClientSecret.create({ data: { clientId: id, secretHash: sha256Hex(second), prefix: "seco" } });
    await db().oidcClientSecret.create({ data: { clientId: id, secretHash: sha256Hex(expired), prefix: "expi", expiresAt: new Date(Date.now() - 1000) } });
    expect((await cc({}, { authorization: basic(id, secret!) })).status).toBe(200);
    expect((await cc({ client_id: id, client_secret: second })).status).toBe(200);
    const res = await cc({ client_id: id, client_secret: expired });
    expect(res.status).toBe(401);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
  });

  it("verifies a bcrypt secret hash carried over from a Pocket ID export", async () => {
    await seedClient({ id: "legacy", secret: "unused-unused-unused-unused-0001" });
    const legacySecret = "PocketIdLegacySecret0123456789ab";
    await db().oidcClientSecret.create({ data: { clientId: "legacy", alg: "bcrypt", secretHash: bcrypt.hashSync(legacySecret, 4), prefix: "" } });
    expect((await cc({}, { authorization: basic("legacy", legacySecret) })).status).toBe(200);
    expect((await cc({}, { authorization: basic("legacy", "PocketIdLegacySecret0123456789ac") })).status).toBe(401);
  });

  it("refuses two authentication methods in one request with invalid_request; Basic with the form repeating its secret is Basic", async () => {
    const { id, secret } = await seedClient({ id: "svc" });
    // As in Pocket ID: a client library that sends the secret both ways still gets its token.
    const repeated = await cc({ client_id: id, client_secret: secret! }, { authorization: basic(id, secret!) });
    expect(repeated.status).toBe(200);
    expect((await repeated.json()).access_token).toBeTruthy();
    const both = await cc({ client_secret: "another-secret-another-secret-01" }, { authorization: basic(id, secret!) });
    expect(both.status).toBe(400);
    expect(await both.json()).toMatchObject({ error: "invalid_request" });
    // A wrong secret both ways is a failed Basic authentication (401 with its challenge), not a mix.
    const wrong = await cc({ client_secret: "not-the-secret-not-the-secret-12" }, { authorization: basic(id, "not-the-secret-not-the-secret-12") });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toMatch(/^Basic /);
    const secretAndAssertion = await cc({ client_id: id, client_secret: secret!, client_assertion: "a.b.c", client_assertion_type: ASSERTION_TYPE });
    expect(await secretAndAssertion.json()).toMatchObject({ error: "invalid_request" });
    const mismatch = await cc({ client_id: "someone-else" }, { authorization: basic(id, secret!) });
    expect(await mismatch.json()).toMatchObject({ error: "invalid_request" });
  });

  it("answers unknown clients, missing credentials and garbage with invalid_client, never a 500", async () => {
    await seedClient({ id: "svc" });
    for (const [form, headers] of [
      [{ client_id: "nobody", client_secret: "x" }, {}],
      [{ client_id: "svc" }, {}],
      [{}, {}],
      [{}, { authorization: "Basic %%%" }],
      [{}, { authorization: `Basic ${Buffer.from("no-colon").toString("base64")}` }],
      [{ client_assertion: "not-a-jwt", client_assertion_type: ASSERTION_TYPE }, {}],
      [{ client_id: "svc", client_assertion: "x.y.z", client_assertion_type: "urn:other" }, {}],
    ] as [Record<string, string>, Record<string, string>][]) {
      const res = await cc(form, headers);
      expect(res.status, JSON.stringify(form)).toBe(401);
      expect(await res.json()).toMatchObject({ error: "invalid_client" });
    }
  });

  describe("federated client credentials", () => {
    const ISSUER = "https://ci.example.com";
    async function federatedClient(identity: Record<string, unknown>) {
      await seedClient({ id: "workload" });
      await db().oidcClient.update({ where: { id: "workload" }, data: { federatedIdentities: JSON.stringify([{ issuer: ISSUER, jwks: jwksUrl, ...identity }]) } });
    }
    function assertion(claims: Record<string, unknown> = {}, opts: { exp?: number | null; sub?: string; aud?: string } = {}) {
      const now = Math.floor(Date.now() / 1000);
      const jwt = new SignJWT({ jti: randomUUID(), ...claims })
        .setProtectedHeader({ alg: "ES256", kid: "ci-1" })
        .setIssuer(ISSUER)
        .setSubject(opts.sub ?? "workload")
        .setAudience(opts.aud ?? TEST_APP_URL)
        .setIssuedAt(now);
      if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? now + 120);
      return jwt.sign(federatedKey);
    }
    const withAssertion = async (a: string, form: Record<string, string> = { client_id: "workload" }) =>
      cc({ ...form, client_assertion: a, client_assertion_type: ASSERTION_TYPE });

    it("authenticates with an assertion signed by the identity's remote JWKS; the subject names the client without client_id", async () => {
      await federatedClient({});
      expect((await withAssertion(await assertion())).status).toBe(200);
      expect((await withAssertion(await assertion(), {})).status).toBe(200);
    });

    it("requires exp, allows 30 s of clock skew and no more, and checks aud and sub", async () => {
      await federatedClient({ subject: "repo:acme/app", audience: "api://pocket-id" });
      const now = Math.floor(Date.now() / 1000);
      const ok = { sub: "repo:acme/app", aud: "api://pocket-id" };
      expect((await withAssertion(await assertion({}, ok))).status).toBe(200);
      expect((await withAssertion(await assertion({}, { ...ok, exp: now - 10 }))).status).toBe(200);
      const late = await withAssertion(await assertion({}, { ...ok, exp: now - 90 }));
      expect(late.status).toBe(401);
      expect((await late.json()).error_description).toMatch(/expired/);
      expect((await withAssertion(await assertion({}, { ...ok, exp: null }))).status).toBe(401);
      expect((await withAssertion(await assertion({}, { ...ok, aud: TEST_APP_URL }))).status).toBe(401);
      expect((await withAssertion(await assertion({}, { ...ok, sub: "repo:evil/app" }))).status).toBe(401);
    });

    it("accepts each jti once when replay protection is on", async () => {
      await federatedClient({ replayProtection: true });
      const a = await assertion();
      expect((await withAssertion(a)).status).toBe(200);
      const replay = await withAssertion(a);
      expect(replay.status).toBe(401);
      expect((await replay.json()).error_description).toMatch(/jti/);
      expect(await db().oauthClientAssertionJti.count()).toBe(1);
      const noJti = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: "ci-1" }).setIssuer(ISSUER).setSubject("workload").setAudience(TEST_APP_URL).setExpirationTime("2m").sign(federatedKey);
      expect((await withAssertion(noJti)).status).toBe(401);
    });

    it("answers invalid_client, not a 500, when the identity's JWKS URL is malformed or unreachable", async () => {
      for (const jwks of ["not a url", "ftp://ci.example.com/jwks", "http://127.0.0.1:9/jwks"]) {
        await db().oidcClient.deleteMany({ where: { id: "workload" } });
        await federatedClient({ jwks });
        const res = await withAssertion(await assertion());
        expect(res.status, jwks).toBe(401);
        expect(await res.json()).toMatchObject({ error: "invalid_client" });
      }
    });

    it("refuses an assertion signed by another key, or by an issuer the client does not trust", async () => {
      await federatedClient({});
      const other = await generateKeyPair("ES256");
      const forged = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: "ES256", kid: "ci-1" }).setIssuer(ISSUER).setSubject("workload").setAudience(TEST_APP_URL).setExpirationTime("2m").sign(other.privateKey);
      expect((await withAssertion(forged)).status).toBe(401);
      const stranger = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: "ES256", kid: "ci-1" }).setIssuer("https://other.example.com").setSubject("workload").setAudience(TEST_APP_URL).setExpirationTime("2m").sign(federatedKey);
      expect((await withAssertion(stranger)).status).toBe(401);
    });
  });

  describe("private_key_jwt", () => {
    async function keyClient() {
      await seedClient({ id: "rp-jwt" });
      await db().oidcClient.update({ where: { id: "rp-jwt" }, data: { jwks: JSON.stringify({ keys: [clientPublicJwk] }) } });
    }
    const sign = (opts: { aud?: string; jti?: string | null; alg?: string } = {}) => {
      const jwt = new SignJWT(opts.jti === null ? {} : { jti: opts.jti ?? randomUUID() })
        .setProtectedHeader({ alg: "RS256", kid: "rp-1" })
        .setIssuer("rp-jwt")
        .setSubject("rp-jwt")
        .setAudience(opts.aud ?? `${TEST_APP_URL}/api/oidc/token`)
        .setIssuedAt()
        .setExpirationTime("1m");
      return jwt.sign(clientKey);
    };
    const withAssertion = async (a: string) => cc({ client_id: "rp-jwt", client_assertion: a, client_assertion_type: ASSERTION_TYPE });

    it("authenticates with the client's registered key; aud may be the token endpoint or the issuer", async () => {
      await keyClient();
      expect((await withAssertion(await sign())).status).toBe(200);
      expect((await withAssertion(await sign({ aud: TEST_APP_URL }))).status).toBe(200);
      expect((await withAssertion(await sign({ aud: "https://elsewhere.example.com/token" }))).status).toBe(401);
    });

    it("requires a jti and accepts it once (OIDC Core §9)", async () => {
      await keyClient();
      const a = await sign();
      expect((await withAssertion(a)).status).toBe(200);
      expect((await withAssertion(a)).status).toBe(401);
      expect((await withAssertion(await sign({ jti: null }))).status).toBe(401);
    });

    it("imports a registered key once, not per request, and follows a changed JWKS at once", async () => {
      await keyClient();
      expect((await withAssertion(await sign())).status).toBe(200);
      const imports = vi.spyOn(globalThis.crypto.subtle, "importKey");
      try {
        for (let i = 0; i < 3; i++) expect((await withAssertion(await sign())).status).toBe(200);
        expect(imports).not.toHaveBeenCalled();
        // The admin replaces the key: the old key's assertions stop working, the new key's work.
        const next = await generateKeyPair("RS256", { extractable: true });
        await db().oidcClient.update({ where: { id: "rp-jwt" }, data: { jwks: JSON.stringify({ keys: [{ ...(await exportJWK(next.publicKey)), kid: "rp-2", alg: "RS256" }] }) } });
        expect((await withAssertion(await sign())).status).toBe(401);
        const signedByNext = await new SignJWT({ jti: randomUUID() })
          .setProtectedHeader({ alg: "RS256", kid: "rp-2" })
          .setIssuer("rp-jwt")
          .setSubject("rp-jwt")
          .setAudience(TEST_APP_URL)
          .setIssuedAt()
          .setExpirationTime("1m")
          .sign(next.privateKey);
        expect((await withAssertion(signedByNext)).status).toBe(200);
      } finally {
        imports.mockRestore();
      }
    });

    it("answers invalid_client, not a 500, for a malformed registered JWKS", async () => {
      await keyClient();
      await db().oidcClient.update({ where: { id: "rp-jwt" }, data: { jwks: JSON.stringify({ keys: [{ kty: "nope" }, 42] }) } });
      const res = await withAssertion(await sign());
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: "invalid_client" });
    });

    it("refuses HMAC and unsigned assertions, and clients without keys", async () => {
      await keyClient();
      const hmac = await new SignJWT({ jti: randomUUID() }).setProtectedHeader({ alg: "HS256" }).setIssuer("rp-jwt").setSubject("rp-jwt").setAudience(TEST_APP_URL).setExpirationTime("1m").sign(new TextEncoder().encode("s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz1"));
      expect((await withAssertion(hmac)).status).toBe(401);
      const none = `${Buffer.from('{"alg":"none"}').toString("base64url")}.${Buffer.from(JSON.stringify({ iss: "rp-jwt", sub: "rp-jwt", aud: TEST_APP_URL, exp: Math.floor(Date.now() / 1000) + 60, jti: "x" })).toString("base64url")}.`;
      expect((await withAssertion(none)).status).toBe(401);
      await seedClient({ id: "plain" });
      const res = await cc({ client_id: "plain", client_assertion: await sign(), client_assertion_type: ASSERTION_TYPE });
      expect(res.status).toBe(401);
    });
  });
});
