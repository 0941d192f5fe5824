// Regressions of the first review on SQLite and PostgreSQL: forged X-Forwarded-For dodging the
// passkey rate limit, unbounded unauthenticated writes, malformed WebAuthn bodies and duplicate
// passkeys answered with 500, unknown /api paths answered with HTML, missing HSTS / no-store.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { SoftPasskey } from "../helpers/soft-passkey.mjs";
import { GET as loginStart } from "@/app/api/webauthn/login/start/route";
import { POST as loginFinish } from "@/app/api/webauthn/login/finish/route";
import { GET as registerStart } from "@/app/api/webauthn/register/start/route";
import { POST as registerFinish } from "@/app/api/webauthn/register/finish/route";
import { GET as usersMe } from "@/app/api/users/me/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import * as unknownApi from "@/app/api/[[...slug]]/route";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/config/env";
import { API_POLICY, resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { CEREMONY_PURGE_INTERVAL_MS, purgeExpiredCeremonies } from "@/lib/services/cleanup";

const origin = { origin: TEST_APP_URL };

describe.each(PROVIDERS)("HTTP hardening on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
  });
  afterEach(async () => {
    vi.useRealTimers();
    delete process.env.TRUST_PROXY;
    await t.cleanup();
  });

  it("TRUST_PROXY=true: forged leftmost X-Forwarded-For entries do not dodge the passkey sign-in limit", async () => {
    process.env.TRUST_PROXY = "true";
    resetEnvForTests();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      // The attacker sends a new X-Forwarded-For each time; our proxy (10.0.0.2) appends the real address.
      const headers = { ...origin, "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": `198.18.0.${i + 1}, 203.0.113.77` };
      const body = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };
      statuses.push((await loginFinish(req("/api/webauthn/login/finish", { json: body, headers }), undefined)).status);
    }
    expect(statuses.slice(0, 10).every((s) => s !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    // The limit is per client: another address behind the same proxy is still let through.
    const other = await loginFinish(req("/api/webauthn/login/finish", { json: {}, headers: { ...origin, "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": "203.0.113.78" } }), undefined);
    expect(other.status).toBe(400);
  });

  it("answers a malformed passkey sign-in body with 400 invalid_webauthn_response, never 500", async () => {
    const user = await seedUser("alice");
    await db().webauthnCredential.create({ data: { name: "Key", credentialId: "Y3JlZC0x", publicKey: Buffer.from([1, 2, 3]), userId: user.id } });
    const base = { id: "Y3JlZC0x", rawId: "Y3JlZC0x", type: "public-key", clientExtensionResults: {} };
    const good = { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" };
    for (const body of [
      { ...base, response: null },
      { ...base, response: { ...good, userHandle: 12345 } },
      { ...base, response: { ...good, signature: ["x"] } },
      { ...base, id: 7 },
      "just a string",
    ]) {
      const start = await loginStart(req("/api/webauthn/login/start"), undefined);
      const ceremony = start.headers.get("set-cookie")!.split(";")[0];
      const res = await loginFinish(req("/api/webauthn/login/finish", { json: body, cookie: ceremony, headers: origin }), undefined);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await res.json()).code).toBe("invalid_webauthn_response");
    }
  });

  it("refuses a passkey whose credential id is already registered with 409 passkey_already_registered", async () => {
    const alice = await seedUser("alice");
    const bob = await seedUser("bob");
    const credentialId = Buffer.from("the-same-credential-id");
    async function register(userId: string) {
      const cookie = await sessionCookieFor(userId);
      const start = await registerStart(req("/api/webauthn/register/start", { cookie }), undefined);
      const options = await start.json();
      const ceremony = start.headers.get("set-cookie")!.split(";")[0];
      const body = new SoftPasskey({ origin: TEST_APP_URL, credentialId }).register(options);
      return registerFinish(req("/api/webauthn/register/finish", { json: body, cookie: `${cookie}; ${ceremony}`, headers: origin }), undefined);
    }
    expect((await register(alice.id)).status).toBe(201);
    for (const userId of [alice.id, bob.id]) {
      const res = await register(userId);
      expect(res.status).toBe(409);
      const body = await res.json();
      expect(body.code).toBe("passkey_already_registered");
      expect(body.error).toMatch(/already registered/);
    }
    expect(await db().webauthnCredential.count()).toBe(1);
  });

  it("answers unknown /api paths with a JSON 404 not_found for every method", async () => {
    for (const method of ["GET", "POST", "PUT", "PATCH", "DELETE"] as const) {
      const res = await unknownApi[method](req("/api/no/such/endpoint", { method }), undefined);
      expect(res.status).toBe(404);
      expect(res.headers.get("content-type")).toMatch(/application\/json/);
      expect(await res.json()).toMatchObject({ code: "not_found" });
    }
  });

  it("marks /api responses no-store and sends HSTS only when APP_URL is https", async () => {
    const user = await seedUser("alice");
    const cookie = await sessionCookieFor(user.id);
    const me = await usersMe(req("/api/users/me", { cookie }), undefined);
    expect(me.status).toBe(200);
    expect(me.headers.get("cache-control")).toBe("no-store");
    expect(me.headers.get("strict-transport-security")).toBeNull();
    process.env.APP_URL = "https://id.example.com";
    resetEnvForTests();
    const doc = await discovery(req("/.well-known/openid-configuration"));
    expect(doc.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
    // Discovery is public and cacheable: the wrapper leaves its own Cache-Control alone.
    expect(doc.headers.get("cache-control")).toBe("public, max-age=300");
    const api = await loginStart(req("/api/webauthn/login/start"), undefined);
    expect(api.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("purges expired ceremony rows (challenges, interactions, rate-limit buckets) and keeps live ones", async () => {
    await db().oidcClient.create({ data: { id: "c", name: "C" } });
    const now = new Date();
    const past = new Date(now.getTime() - 1000);
    const future = new Date(now.getTime() + 60_000);
    await db().webauthnSession.createMany({ data: [{ challenge: "old", kind: "authentication", expiresAt: past }, { challenge: "live", kind: "authentication", expiresAt: future }] });
    await db().oauthInteraction.createMany({ data: [{ id: "old", clientId: "c", parameters: "{}", expiresAt: past }, { id: "live", clientId: "c", parameters: "{}", expiresAt: future }] });
    await db().rateLimit.createMany({ data: [{ key: "old", tat: 1n, expiresAt: past }, { key: "live", tat: 1n, expiresAt: future }] });
    const [a, b] = await Promise.all([purgeExpiredCeremonies(now), purgeExpiredCeremonies(now)]);
    // Two replicas purging at once delete each row once between them.
    expect(a.webauthnSessions + b.webauthnSessions).toBe(1);
    expect(a.interactions + b.interactions).toBe(1);
    expect(a.rateLimits + b.rateLimits).toBe(1);
    expect(await db().webauthnSession.findMany({ select: { challenge: true } })).toEqual([{ challenge: "live" }]);
    expect(await db().oauthInteraction.findMany({ select: { id: true } })).toEqual([{ id: "live" }]);
    expect(await db().rateLimit.findMany({ select: { key: true } })).toEqual([{ key: "live" }]);
    // A flood of GET /api/webauthn/login/start leaves at most a few minutes of rows, not 6 hours.
    expect(CEREMONY_PURGE_INTERVAL_MS).toBeLessThanOrEqual(5 * 60_000);
  });
});

describe("the general per-IP api rate limit (inventory §1.2: 100/s, burst 300)", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase("sqlite");
    resetApiRateLimiterForTests();
    // A frozen clock: the bucket does not refill while the burst is sent.
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2030-01-01T00:00:00Z") });
  });
  afterEach(async () => {
    vi.useRealTimers();
    delete process.env.DISABLE_RATE_LIMITING;
    await t.cleanup();
  });

  const start = (ip: string) => loginStart(req("/api/webauthn/login/start", { headers: { "x-pocketid-client-ip": ip } }), undefined);

  it("lets a burst of 300 unauthenticated ceremony starts through, then answers 429 rate_limited with Retry-After", async () => {
    for (let i = 0; i < API_POLICY.burst; i++) expect((await start("198.51.100.9")).status).toBe(200);
    const limited = await start("198.51.100.9");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toEqual({ error: expect.any(String), code: "rate_limited" });
    // The refused request wrote nothing: the table holds exactly the burst.
    expect(await db().webauthnSession.count()).toBe(API_POLICY.burst);
    // Another address has its own bucket; the same one gets a token back 10 ms later.
    expect((await start("198.51.100.10")).status).toBe(200);
    vi.setSystemTime(Date.now() + 10);
    expect((await start("198.51.100.9")).status).toBe(200);
    // Protocol endpoints share the policy.
    expect((await discovery(req("/.well-known/openid-configuration", { headers: { "x-pocketid-client-ip": "198.51.100.9" } }))).status).toBe(429);
  });

  it("stays out of the way with DISABLE_RATE_LIMITING=true", async () => {
    process.env.DISABLE_RATE_LIMITING = "true";
    resetEnvForTests();
    for (let i = 0; i < API_POLICY.burst + 5; i++) expect((await start("198.51.100.11")).status).toBe(200);
  });
});
