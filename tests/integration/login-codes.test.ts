// Login codes and the CLI's one-time link (issue 9 item 4, inventory §5.4): single use, expiry,
// disabled users, rate limits per address and per code, Origin, amr "otp" that never passes for a
// passkey re-authentication, audit rows; on SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { authorizeUrl, location } from "../helpers/oidc";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { POST as exchangeRoute } from "@/app/api/one-time-access-token/[token]/route";
import { POST as adminCreate } from "@/app/api/users/[id]/one-time-access-token/route";
import { qrPath } from "@/lib/services/login-codes/qr-code";
import { GET as me } from "@/app/api/users/me/route";
import { GET as authorizeGet } from "@/app/authorize/route";
import { runCli } from "@/cli/main";
import { db } from "@/lib/db/client";
import { issueLoginCode } from "@/lib/services/login-codes/issue-login-code";
import { LOGIN_CODE_ALPHABET, normaliseLoginCode } from "@/lib/services/login-codes/login-code-format";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

const meta = { ip: "203.0.113.7", userAgent: "vitest" };

function cliIo() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

async function issue(userId: string, ttlSeconds = 3600, now = new Date()) {
  return db().$transaction((tx) => issueLoginCode(tx, { userId, ttlSeconds, channel: "admin" }, meta, now));
}

function exchange(code: string, opts: { ip?: string; origin?: string | null; cookie?: string } = {}) {
  const headers: Record<string, string> = { "x-pocketid-client-ip": opts.ip ?? "203.0.113.7" };
  if (opts.origin !== null) headers.origin = opts.origin ?? TEST_APP_URL;
  return exchangeRoute(req(`/api/one-time-access-token/${encodeURIComponent(code)}`, { json: {}, headers, cookie: opts.cookie }), ctx({ token: code }));
}

function sessionCookieOf(res: Response) {
  const set = res.headers.get("set-cookie") ?? "";
  return set.split(";")[0];
}

describe.each(PROVIDERS)("login codes on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    resetApiRateLimiterForTests();
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("CLI one-time-access-token prints a one-hour link that signs the user in once", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const { io, out, err } = cliIo();
    expect(await runCli(["one-time-access-token", "ROOT@example.com"], io)).toBe(0);
    expect(out).toHaveLength(1);
    const link = new URL(out[0]);
    expect(link.origin).toBe(TEST_APP_URL);
    const code = link.pathname.replace("/lc/", "");
    expect(code).toMatch(new RegExp(`^[${LOGIN_CODE_ALPHABET}]{12}$`));
    expect(err.join("\n")).toContain("valid for 1 hour");
    const row = await db().loginCode.findFirstOrThrow({ where: { userId: admin.id } });
    expect(row.codeHash).not.toContain(code);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeGreaterThan(3590_000);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBeLessThanOrEqual(3601_000);

    const res = await exchange(code);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ username: "root", isAdmin: true });
    const cookie = sessionCookieOf(res);
    expect((await me(req("/api/users/me", { cookie }), undefined)).status).toBe(200);
    const session = await db().session.findFirstOrThrow({ where: { userId: admin.id } });
    expect(JSON.parse(session.amr)).toEqual(["otp"]);
    const events = await db().auditLog.findMany({ where: { userId: admin.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.event)).toEqual(["LOGIN_CODE_CREATED", "TOKEN_SIGN_IN"]);
    expect(JSON.parse(events[0].data)).toMatchObject({ method: "cli" });
    expect(JSON.parse(events[1].data)).toMatchObject({ method: "one_time_link" });

    // Single use: the same link a second time is refused, and no second session appears.
    const again = await exchange(code, { ip: "203.0.113.8" });
    expect(again.status).toBe(400);
    expect((await again.json()).code).toBe("token_invalid_or_expired");
    expect(await db().session.count({ where: { userId: admin.id } })).toBe(1);
  });

  it("CLI refuses unknown and disabled users and wrong usage, with exit codes", async () => {
    await seedUser("gone", { disabled: true });
    let r = cliIo();
    expect(await runCli(["one-time-access-token", "nobody"], r.io)).toBe(1);
    expect(r.err.join(" ")).toContain("No user with this username or email");
    r = cliIo();
    expect(await runCli(["one-time-access-token", "gone"], r.io)).toBe(1);
    expect(r.err.join(" ")).toContain("disabled");
    r = cliIo();
    expect(await runCli(["one-time-access-token"], r.io)).toBe(2);
    expect(r.err.join("\n")).toContain("Usage: pocket-id one-time-access-token <username|email>");
    r = cliIo();
    expect(await runCli(["one-time-access-token", "a", "--force"], r.io)).toBe(2);
    r = cliIo();
    expect(await runCli(["no-such-command"], r.io)).toBe(2);
    r = cliIo();
    expect(await runCli(["help"], r.io)).toBe(0);
    expect(r.out.join("\n")).toContain("one-time-access-token");
    expect(await db().loginCode.count()).toBe(0);
  });

  it("accepts the code typed in lower case or grouped with dashes and spaces", async () => {
    const user = await seedUser("alice");
    const { code } = await issue(user.id);
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4, 8)} ${code.slice(8)}`;
    expect(normaliseLoginCode(typed)).toBe(code);
    expect((await exchange(typed)).status).toBe(200);
  });

  it("uses 6 characters for codes valid at most 15 minutes and 12 beyond", async () => {
    const user = await seedUser("alice");
    expect((await issue(user.id, 15 * 60)).code).toHaveLength(6);
    expect((await issue(user.id, 15 * 60 + 1)).code).toHaveLength(12);
  });

  it("refuses an expired code", async () => {
    const user = await seedUser("alice");
    const { code } = await issue(user.id, 3600, new Date(Date.now() - 3601_000));
    const res = await exchange(code);
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe("token_invalid_or_expired");
    expect(await db().session.count()).toBe(0);
  });

  it("refuses a disabled user's code without signing in", async () => {
    const user = await seedUser("alice");
    const { code } = await issue(user.id);
    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    const res = await exchange(code);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("user_disabled");
    expect(await db().session.count()).toBe(0);
  });

  it("refuses cross-site and Origin-less exchanges (login CSRF) and keeps the code", async () => {
    const user = await seedUser("alice");
    const { code } = await issue(user.id);
    expect((await exchange(code, { origin: "https://evil.example" })).status).toBe(403);
    expect((await exchange(code, { origin: null })).status).toBe(403);
    expect((await exchange(code)).status).toBe(200);
  });

  it("lets exactly one of two concurrent exchanges of one code through", async () => {
    const user = await seedUser("alice");
    const { code } = await issue(user.id);
    const results = await Promise.all([exchange(code, { ip: "198.51.100.1" }), exchange(code, { ip: "198.51.100.2" })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    expect(await db().session.count({ where: { userId: user.id } })).toBe(1);
    expect(await db().auditLog.count({ where: { event: "TOKEN_SIGN_IN" } })).toBe(1);
  });

  it("rate limits per address (429 with Retry-After and the wait in words)", async () => {
    const user = await seedUser("alice");
    for (let i = 0; i < 5; i++) expect((await exchange("WRONG2")).status).toBe(400);
    const limited = await exchange("WRONG3");
    expect(limited.status).toBe(429);
    const retry = Number(limited.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    const body = await limited.json();
    expect(body.code).toBe("rate_limited");
    expect(body.error).toMatch(/Wait \d+ seconds?, then try again/);
    // Even a right code waits: the limit is checked before the code is looked at.
    const { code } = await issue(user.id);
    expect((await exchange(code)).status).toBe(429);
    // Another address is not affected.
    expect((await exchange(code, { ip: "198.51.100.9" })).status).toBe(200);
  });

  it("rate limits one code tried from many addresses", async () => {
    for (let i = 0; i < 5; i++) expect((await exchange("ABCDEFGHJKMN", { ip: `198.51.100.${i + 1}` })).status).toBe(400);
    const limited = await exchange("abcd-efgh-jkmn", { ip: "198.51.100.50" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("gives a session that never counts as a passkey re-authentication", async () => {
    const user = await seedUser("alice");
    await seedClient();
    await db().userAuthorizedClient.create({ data: { userId: user.id, clientId: "test-client", scope: JSON.stringify(["openid", "profile", "email", "groups"]) } });
    const { code } = await issue(user.id);
    const cookie = sessionCookieOf(await exchange(code));
    // Consented client, no step-up: the otp session gets a code.
    const plain = await location(await authorizeGet(req(authorizeUrl({}), { cookie })));
    expect(plain.searchParams.get("code")).toBeTruthy();
    // prompt=login and a client that requires re-authentication both send the user to a passkey.
    const login = await location(await authorizeGet(req(authorizeUrl({ prompt: "login" }), { cookie })));
    expect(login.pathname).toBe("/interaction");
    await db().oidcClient.update({ where: { id: "test-client" }, data: { requiresReauthentication: true } });
    const reauth = await location(await authorizeGet(req(authorizeUrl({}), { cookie })));
    expect(reauth.pathname).toBe("/interaction");
    expect(reauth.searchParams.get("code")).toBeNull();
  });

  it("lets an admin create a code over the REST API (201, link, QR), and nobody else", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const user = await seedUser("alice");
    const call = (id: string, json: unknown, cookie?: string, origin = TEST_APP_URL) =>
      adminCreate(req(`/api/users/${id}/one-time-access-token`, { json, cookie, headers: { origin } }), ctx({ id }));
    expect((await call(user.id, { ttl: 3600 })).status).toBe(401);
    expect((await call(user.id, { ttl: 3600 }, await sessionCookieFor(user.id))).status).toBe(403);
    const adminCookie = await sessionCookieFor(admin.id);
    expect((await call(user.id, { ttl: 3600 }, adminCookie, "https://evil.example")).status).toBe(403);
    const bad = await call(user.id, { ttl: 40 * 24 * 3600 }, adminCookie);
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("validation_failed");
    expect((await call("no-such-user", { ttl: 3600 }, adminCookie)).status).toBe(404);

    const short = await call(user.id, {}, adminCookie);
    expect(short.status).toBe(201);
    expect((await short.json()).token).toHaveLength(6);
    const res = await call(user.id, { ttl: "12h" }, adminCookie);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.token).toHaveLength(12);
    expect(body.url).toBe(`${TEST_APP_URL}/lc/${body.token}`);
    expect(new Date(body.expiresAt).getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);
    const created = await db().auditLog.findFirstOrThrow({ where: { event: "LOGIN_CODE_CREATED", userId: user.id }, orderBy: { createdAt: "desc" } });
    expect(JSON.parse(created.data)).toMatchObject({ method: "admin", actorUsername: "root" });
    expect((await exchange(body.token)).status).toBe(200);

    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    const disabled = await call(user.id, { ttl: 3600 }, adminCookie);
    expect(disabled.status).toBe(403);
    expect((await disabled.json()).code).toBe("user_disabled");
  });

  it("draws the link's QR code as a square path", () => {
    const qr = qrPath(`${TEST_APP_URL}/lc/ABCDEFGHJKMN`);
    expect(qr.size).toBeGreaterThanOrEqual(25);
    expect(qr.path).toMatch(/^(M\d+ \d+h1v1h-1z)+$/);
  });
});
