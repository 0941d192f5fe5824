// Boot-time machinery on SQLite and PostgreSQL: migrations recorded like `prisma migrate deploy`,
// idempotent and safe when replicas start together; the shared rate limiter; keys in the database;
// WebAuthn ceremonies that cannot be replayed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { runMigrations, loadMigrations, migrationsDir } from "@/lib/db/migrate";
import { takeToken, checkRateLimit } from "@/lib/auth/rate-limit";
import { GET as loginStart } from "@/app/api/webauthn/login/start/route";
import { POST as loginFinish } from "@/app/api/webauthn/login/finish/route";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/config/env";
import { cleanupExpired } from "@/lib/services/cleanup";

const fakeAssertion = { id: "AAAA", rawId: "AAAA", type: "public-key", response: { clientDataJSON: "e30", authenticatorData: "AAAA", signature: "AAAA" }, clientExtensionResults: {} };

describe.each(PROVIDERS)("platform on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("records migrations in _prisma_migrations with Prisma's checksum and re-runs as a no-op", async () => {
    const expected = loadMigrations(migrationsDir(provider));
    const rows = await db().$queryRawUnsafe<{ migration_name: string; checksum: string; finished_at: unknown }[]>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(expected.map((m) => m.name));
    expect(rows.map((r) => r.checksum)).toEqual(expected.map((m) => m.checksum));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    expect((await runMigrations(t.target)).applied).toEqual([]);
    const results = await Promise.all([runMigrations(t.target), runMigrations(t.target), runMigrations(t.target)]);
    expect(results.every((r) => r.applied.length === 0)).toBe(true);
  });

  it("refuses to start on a database migrated by a newer version", async () => {
    await db().$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count, started_at) VALUES ('x', 'y', ${provider === "sqlite" ? "1" : "now()"}, '99990101000000_future', 1, ${provider === "sqlite" ? "1" : "now()"})`,
    );
    await expect(runMigrations(t.target)).rejects.toThrow(/newer version/);
  });

  it("rate-limits with a token bucket shared through the database", async () => {
    const policy = { name: "test", intervalMs: 10_000, burst: 3 };
    const now = 1_800_000_000_000;
    const results = [];
    for (let i = 0; i < 5; i++) results.push(await takeToken(policy, "198.51.100.7", now));
    expect(results.slice(0, 3)).toEqual([0, 0, 0]);
    expect(results[3]).toBeGreaterThan(0);
    expect(await takeToken(policy, "198.51.100.8", now)).toBe(0);
    // One interval later, one more request is allowed.
    expect(await takeToken(policy, "198.51.100.7", now + 10_000)).toBe(0);
    expect(await takeToken(policy, "198.51.100.7", now + 10_000)).toBeGreaterThan(0);
  });

  it("counts concurrent requests exactly", async () => {
    const policy = { name: "burst", intervalMs: 60_000, burst: 5 };
    const now = 1_800_000_000_000;
    const results = await Promise.all(Array.from({ length: 12 }, () => takeToken(policy, "203.0.113.50", now)));
    expect(results.filter((r) => r === 0)).toHaveLength(5);
  });

  it("answers passkey sign-in floods with 429 and Retry-After", async () => {
    let last: Response | undefined;
    for (let i = 0; i < 12; i++) {
      last = await loginFinish(req("/api/webauthn/login/finish", { json: fakeAssertion, headers: { origin: TEST_APP_URL, "x-pocketid-client-ip": "192.0.2.44" } }), undefined);
    }
    expect(last!.status).toBe(429);
    expect(Number(last!.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await last!.json()).code).toBe("rate_limited");
  });

  it("consumes a WebAuthn challenge once, even when the assertion is rejected", async () => {
    const start = await loginStart(req("/api/webauthn/login/start"), undefined);
    const options = await start.json();
    expect(options.userVerification).toBe("required");
    expect(options.rpId).toBe("localhost");
    expect(options.allowCredentials ?? []).toEqual([]);
    const ceremony = start.headers.get("set-cookie")!.split(";")[0];
    expect(await db().webauthnSession.count()).toBe(1);
    // An answer to this challenge from a passkey the server does not know.
    const clientDataJSON = Buffer.from(JSON.stringify({ type: "webauthn.get", challenge: options.challenge, origin: TEST_APP_URL })).toString("base64url");
    const answer = { ...fakeAssertion, response: { ...fakeAssertion.response, clientDataJSON } };
    // An answer naming some other challenge finds no ceremony of this browser and consumes nothing.
    const stray = await loginFinish(req("/api/webauthn/login/finish", { json: fakeAssertion, cookie: ceremony, headers: { origin: TEST_APP_URL } }), undefined);
    expect((await stray.json()).code).toBe("invalid_webauthn_session");
    expect(await db().webauthnSession.count()).toBe(1);
    const first = await loginFinish(req("/api/webauthn/login/finish", { json: answer, cookie: ceremony, headers: { origin: TEST_APP_URL } }), undefined);
    expect(first.status).toBe(401);
    expect(await db().webauthnSession.count()).toBe(0);
    const replay = await loginFinish(req("/api/webauthn/login/finish", { json: answer, cookie: ceremony, headers: { origin: TEST_APP_URL } }), undefined);
    expect((await replay.json()).code).toBe("invalid_webauthn_session");
  });

  it("keeps the rate limiter out of the way when disabled", async () => {
    process.env.DISABLE_RATE_LIMITING = "true";
    resetEnvForTests();
    for (let i = 0; i < 20; i++) await checkRateLimit({ name: "off", intervalMs: 60_000, burst: 1 }, "x");
    expect(await db().rateLimit.count({ where: { key: { startsWith: "off:" } } })).toBe(0);
  });

  it("cleans up expired sessions, ceremonies and codes but keeps recently used codes for replay detection", async () => {
    const user = await db().user.create({ data: { username: "u", usernameKey: "u" } });
    await db().oidcClient.create({ data: { id: "c", name: "C" } });
    const past = new Date(Date.now() - 60_000);
    const future = new Date(Date.now() + 60_000);
    await db().session.createMany({ data: [{ tokenHash: "a", userId: user.id, expiresAt: past }, { tokenHash: "b", userId: user.id, expiresAt: future }] });
    await db().webauthnSession.create({ data: { challenge: "x", kind: "authentication", expiresAt: past } });
    const code = { clientId: "c", userId: user.id, redirectUri: "https://x", scope: "openid", authTime: past, requestedAt: past };
    await db().oauthAuthorizationCode.create({ data: { ...code, codeHash: "recent", expiresAt: past, consumedAt: past } });
    await db().oauthAuthorizationCode.create({ data: { ...code, codeHash: "old", expiresAt: new Date(Date.now() - 2 * 86400_000) } });
    const counts = await cleanupExpired();
    expect(counts).toMatchObject({ sessions: 1, webauthnSessions: 1, authorizationCodes: 1 });
    expect(await db().session.findMany({ select: { tokenHash: true } })).toEqual([{ tokenHash: "b" }]);
    expect(await db().oauthAuthorizationCode.findMany({ select: { codeHash: true } })).toEqual([{ codeHash: "recent" }]);
  });
});
