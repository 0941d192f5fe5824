// Signing keys as a ring in the database (issue 6 item 5): imported from the earlier key file,
// rotated with overlap so an app with a cached JWKS never fails a verification, seen by every
// replica within the reload interval, pruned once the tokens of a retired key have expired.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedClient } from "../helpers/seed";
import { createDb, db, type Db } from "@/lib/db/client";
import { env } from "@/lib/config/env";
import { generateSigningJwk, sealLegacyKey, toSigningKey } from "@/lib/crypto/signing-keys";
import { KeyRing, PUBLISH_LEAD_MS, RELOAD_INTERVAL_MS, rotateKeys, keyRing, JWKS_MAX_AGE_SECONDS, rotateAppSigningKey } from "@/lib/keys";
import { issueAccessToken, issueIdToken } from "@/lib/oidc/tokens";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { describeRotation, rotateSigningKey } from "@/lib/services/keys/rotate-signing-key";
import { runCli } from "@/cli/main";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";

const ENC = "integration-test-key-0123456789abcdef";
const T0 = new Date("2026-01-01T00:00:00Z");

/** A clock the test moves by hand. */
function manualClock(start = T0) {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms: number) => (now += ms), set: (d: Date) => (now = d.getTime()) };
}

function ringOn(database: Db, clock: () => Date, legacy: string | null = null) {
  return new KeyRing({ db: () => database, encryptionKey: () => ENC, legacyKey: async () => legacy, clock });
}

async function sign(ring: KeyRing, now: Date) {
  const key = await ring.signingKey();
  return (await issueIdToken(key, { issuer: TEST_APP_URL, clientId: "c", claims: { sub: "u" }, authTime: now, amr: ["phr"], now })).token;
}

/**
 * An app verifying our ID tokens the strict way: it caches the JWKS for the max-age we send and
 * does NOT refetch on an unknown kid, so any key used before it was published makes it fail.
 */
class CachingVerifier {
  private cached: { keys: JSONWebKeySet; at: number } | undefined;
  fetches = 0;
  constructor(private readonly fetchJwks: () => Promise<string>) {}
  async verify(token: string, now: Date): Promise<boolean> {
    if (!this.cached || now.getTime() - this.cached.at >= JWKS_MAX_AGE_SECONDS * 1000) {
      this.cached = { keys: JSON.parse(await this.fetchJwks()) as JSONWebKeySet, at: now.getTime() };
      this.fetches++;
    }
    try {
      await jwtVerify(token, createLocalJWKSet(this.cached.keys), { issuer: TEST_APP_URL, currentDate: now });
      return true;
    } catch {
      return false;
    }
  }
}

describe.each(PROVIDERS)("signing key ring on %s", (provider) => {
  let t: TestDb;
  let second: Db;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    second = createDb(t.target); // a second replica: its own connection pool, same database
  });
  afterEach(async () => {
    await second.$disconnect();
    await t.cleanup();
  });

  it("imports the key file of the earlier release as the first active key, so its tokens stay valid", async () => {
    const old = await generateSigningJwk("RS256");
    mkdirSync(env().keysPath, { recursive: true });
    writeFileSync(join(env().keysPath, "jwt_private_key.json"), sealLegacyKey(ENC, old));
    // A token issued by the earlier release, before the upgrade.
    const before = (await issueIdToken(await toSigningKey(old), { issuer: TEST_APP_URL, clientId: "c", claims: { sub: "u" }, authTime: new Date(), amr: [], now: new Date() })).token;

    const body = await (await jwks(req("/.well-known/jwks.json"))).json();
    expect(body.keys.map((k: { kid: string }) => k.kid)).toEqual([old.kid]);
    expect(await db().signingKey.findMany({ select: { kid: true, state: true, alg: true } })).toEqual([{ kid: old.kid, state: "active", alg: "RS256" }]);
    await jwtVerify(before, createLocalJWKSet(body), { issuer: TEST_APP_URL });
  });

  it("imports a plain Pocket ID JWK kept in the database with KEYS_STORAGE=database", async () => {
    const old = { ...(await generateSigningJwk("ES256")), kid: "pocket-id-kid" };
    await db().kv.create({ data: { key: "jwt_private_key.json", value: JSON.stringify(old) } });
    process.env.KEYS_STORAGE = "database";
    const { resetEnvForTests } = await import("@/lib/config/env");
    resetEnvForTests();
    try {
      const key = await keyRing().signingKey();
      expect(key).toMatchObject({ kid: "pocket-id-kid", alg: "ES256" });
      // The imported algorithm stays the default: apps configured for it keep working.
      expect((await (await discovery(req("/.well-known/openid-configuration"))).json()).id_token_signing_alg_values_supported[0]).toBe("ES256");
    } finally {
      delete process.env.KEYS_STORAGE;
      resetEnvForTests();
    }
  });

  it("creates exactly one RS256 key when replicas start at once on an empty database", async () => {
    const clock = manualClock();
    const keys = await Promise.all([ringOn(t.db, clock.now), ringOn(second, clock.now), ringOn(t.db, clock.now)].map((r) => r.signingKey()));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
    expect(keys[0].alg).toBe("RS256");
    expect(await db().signingKey.count()).toBe(1);
  });

  it("rotates with zero failed verifications for an app that cached the JWKS before the rotation", async () => {
    const clock = manualClock();
    const a = ringOn(t.db, clock.now);
    const b = ringOn(second, clock.now);
    const oldKid = (await a.signingKey()).kid;
    // The app fetched the JWKS (through replica B) before anyone ran key-rotate.
    const app = new CachingVerifier(async () => (await b.current()).jwks.body);
    expect(await app.verify(await sign(a, clock.now()), clock.now())).toBe(true);

    clock.advance(1000);
    const rotation = await rotateKeys(t.db, ENC, { now: clock.now() });
    expect(rotation.status).toBe("scheduled");
    const newKid = rotation.key.kid;
    expect(rotation.key.activatesAt!.getTime() - clock.now().getTime()).toBe(PUBLISH_LEAD_MS);

    // Tokens keep coming from both replicas every 20 s, through the activation and well after it.
    const seen = new Set<string>();
    let failures = 0;
    for (let elapsed = 0; elapsed <= PUBLISH_LEAD_MS + 30 * 60_000; elapsed += 20_000) {
      clock.advance(20_000);
      for (const ring of [a, b]) {
        const token = await sign(ring, clock.now());
        seen.add(decodeProtectedHeader(token).kid!);
        if (!(await app.verify(token, clock.now()))) failures++;
      }
    }
    expect(failures).toBe(0);
    expect(seen).toEqual(new Set([oldKid, newKid])); // both keys signed during the run
    expect((await a.signingKey()).kid).toBe(newKid);
    expect(await db().signingKey.findUnique({ where: { kid: oldKid }, select: { state: true } })).toEqual({ state: "retired" });
  });

  it("an immediate rotation is what would fail such an app (the overlap is what protects it)", async () => {
    const clock = manualClock();
    const a = ringOn(t.db, clock.now);
    const app = new CachingVerifier(async () => (await a.current()).jwks.body);
    expect(await app.verify(await sign(a, clock.now()), clock.now())).toBe(true);
    await rotateKeys(t.db, ENC, { now: clock.now(), immediate: true });
    a.invalidate();
    expect(await app.verify(await sign(a, clock.now()), clock.now())).toBe(false);
  });

  it("a second replica sees a rotation within the reload interval, without a query per request", async () => {
    const clock = manualClock();
    const a = ringOn(t.db, clock.now);
    let versionChecks = 0;
    const counted = new Proxy(second, { get: (target, prop) => (prop === "kv" && versionChecks++, Reflect.get(target, prop)) });
    const b = ringOn(counted, clock.now);
    await a.current();
    const before = await b.current();
    const checksAtStart = versionChecks;
    const rotation = await rotateKeys(t.db, ENC, { now: clock.now() });
    clock.advance(RELOAD_INTERVAL_MS - 1);
    for (let i = 0; i < 50; i++) expect((await b.current()).version).toBe(before.version); // the snapshot in memory
    expect(versionChecks).toBe(checksAtStart);
    clock.advance(1);
    const after = await b.current();
    expect(after.version).not.toBe(before.version);
    expect(after.published.map((k) => k.kid)).toContain(rotation.key.kid);
    expect(after.jwks.etag).not.toBe(before.jwks.etag);
  });

  it("keeps a retired key published until the tokens it signed have expired, then deletes it", async () => {
    await seedClient({ id: "long-lived" });
    await db().oidcClient.update({ where: { id: "long-lived" }, data: { accessTokenDurationMinutes: 120 } });
    const clock = manualClock();
    const a = ringOn(t.db, clock.now);
    const old = await a.signingKey();
    const access = await issueAccessToken(old, { issuer: TEST_APP_URL, subject: "u", clientId: "long-lived", scopes: [], lifetimeSeconds: 120 * 60, now: clock.now() });
    await rotateKeys(t.db, ENC, { now: clock.now(), immediate: true });
    a.invalidate();
    const retired = await db().signingKey.findUnique({ where: { kid: old.kid } });
    // The longest token lifetime here is the client's 120-minute access token (plus 5 min of clock margin).
    expect(retired!.expiresAt!.getTime() - retired!.retiredAt!.getTime()).toBe((120 + 5) * 60_000);

    clock.advance(119 * 60_000);
    const ring = await a.current();
    expect(ring.published.map((k) => k.kid)).toContain(old.kid);
    await jwtVerify(access.token, createLocalJWKSet(JSON.parse(ring.jwks.body)), { currentDate: clock.now() });

    clock.advance(7 * 60_000);
    expect((await a.current()).published.map((k) => k.kid)).not.toContain(old.kid);
    expect(await db().signingKey.findUnique({ where: { kid: old.kid } })).toBeNull();
  });

  it("reports a pending rotation instead of stacking a second one", async () => {
    const clock = manualClock();
    await ringOn(t.db, clock.now).signingKey();
    const first = await rotateKeys(t.db, ENC, { now: clock.now() });
    const again = await rotateKeys(t.db, ENC, { now: clock.now() });
    expect(again).toMatchObject({ status: "already_scheduled", key: { kid: first.key.kid } });
    const now = await rotateKeys(t.db, ENC, { now: clock.now(), immediate: true });
    expect(now).toMatchObject({ status: "activated", key: { kid: first.key.kid, state: "active" } });
  });

  it("rotateSigningKey (the key-rotate service) audits the rotation and refuses an unknown algorithm", async () => {
    const meta = { ip: null, userAgent: "pocket-id CLI" };
    await keyRing().signingKey();
    const result = await rotateSigningKey({}, meta);
    expect(result.status).toBe("scheduled");
    const audit = await db().auditLog.findFirst({ where: { event: "SIGNING_KEY_ROTATED" } });
    expect(JSON.parse(audit!.data)).toMatchObject({ kid: result.key.kid, alg: "RS256" });
    expect(describeRotation(result).join(" ")).toMatch(/starts signing at .* issued tokens remain valid/);
    // This process publishes the new key at once (no reload interval to wait for).
    expect((await (await jwks(req("/.well-known/jwks.json"))).json()).keys.map((k: { kid: string }) => k.kid)).toContain(result.key.kid);
    const ed = await rotateSigningKey({ alg: "EdDSA" }, meta);
    expect(ed).toMatchObject({ status: "activated", key: { alg: "EdDSA" }, replaces: null });
    await expect(rotateSigningKey({ alg: "HS256" as never }, meta)).rejects.toThrow(/Choose one of RS256/);
  });

  it("npm run cli -- key-rotate schedules a rotation, prints the new kid, and refuses bad options", async () => {
    const before = (await keyRing().signingKey()).kid;
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
    expect(await runCli(["key-rotate"], io)).toBe(0);
    const row = await db().signingKey.findUniqueOrThrow({ where: { kid: out[0] } });
    expect(row).toMatchObject({ state: "next", alg: "RS256" });
    expect(err.join(" ")).toContain(`The previous key ${before} stays published`);
    expect(await runCli(["key-rotate", "--alg", "EdDSA", "--crv", "Ed25519", "-y"], io)).toBe(0);
    expect((await db().signingKey.findUniqueOrThrow({ where: { kid: out[1] } })).alg).toBe("EdDSA");
    expect(await runCli(["key-rotate", "--alg", "HS256"], io)).toBe(2);
    expect(await runCli(["key-rotate", "--crv", "P-256"], io)).toBe(2);
  });

  it("signs ID tokens with the algorithm a client chose, creating that key once", async () => {
    const clock = manualClock();
    const [x, y] = await Promise.all([ringOn(t.db, clock.now).signingKey("ES256"), ringOn(second, clock.now).signingKey("ES256")]);
    expect(x.kid).toBe(y.kid);
    expect(x.alg).toBe("ES256");
    const a = ringOn(t.db, clock.now);
    const token = (await issueIdToken(await a.signingKey("ES256"), { issuer: TEST_APP_URL, clientId: "c", claims: { sub: "u" }, authTime: clock.now(), amr: [], now: clock.now() })).token;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", kid: x.kid });
    await jwtVerify(token, createLocalJWKSet(JSON.parse((await a.current()).jwks.body)), { currentDate: clock.now() });
    // The default stays RS256 (conformance: oidcc-idtoken-signature).
    expect((await a.signingKey()).alg).toBe("RS256");
  });

  it("serves JWKS and discovery with an ETag: 304 for a matching If-None-Match, a new ETag after a rotation", async () => {
    const first = await jwks(req("/.well-known/jwks.json"));
    const etag = first.headers.get("etag")!;
    expect(first.headers.get("cache-control")).toBe(`public, max-age=${JWKS_MAX_AGE_SECONDS}`);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const again = await jwks(req("/.well-known/jwks.json", { headers: { "if-none-match": etag } }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(again.headers.get("etag")).toBe(etag);

    const doc = await discovery(req("/.well-known/openid-configuration"));
    const docEtag = doc.headers.get("etag")!;
    expect((await doc.json()).id_token_signing_alg_values_supported[0]).toBe("RS256");
    expect((await discovery(req("/.well-known/openid-configuration", { headers: { "if-none-match": `W/${docEtag}, "other"` } }))).status).toBe(304);

    await rotateAppSigningKey({ leadMs: 60_000 });
    const rotated = await jwks(req("/.well-known/jwks.json", { headers: { "if-none-match": etag } }));
    expect(rotated.status).toBe(200);
    expect(rotated.headers.get("etag")).not.toBe(etag);
    expect((await rotated.json()).keys).toHaveLength(2);
  });
});
