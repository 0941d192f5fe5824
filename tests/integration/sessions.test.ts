// Browser sessions (issue 9 item 3) on SQLite and PostgreSQL: last-seen written at most once a
// minute, the list with device, browser, IP and "this device", ending one or all other sessions
// (the ended cookie stops working at once), admin list and end, refusals (another user's
// session, non-admins), and SESSION_REVOKED audit rows naming the admin.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedUser } from "../helpers/seed";
import * as mine from "@/app/api/users/me/sessions/route";
import * as mineOne from "@/app/api/users/me/sessions/[id]/route";
import * as theirs from "@/app/api/users/[id]/sessions/route";
import * as theirsOne from "@/app/api/users/[id]/sessions/[sessionId]/route";
import { GET as meGet } from "@/app/api/users/me/route";
import { db } from "@/lib/db/client";
import { createSession, loadSession, sessionCookieName } from "@/lib/auth/session";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

const ORIGIN = { origin: TEST_APP_URL };
const CHROME_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36";
const SAFARI_IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";

async function signIn(userId: string, userAgent: string, ip: string | null = "198.51.100.4", amr = ["phr"]) {
  const { token } = await db().$transaction((tx) => createSession(tx, userId, amr, { ip, userAgent }));
  const row = await db().session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } });
  return { cookie: `${sessionCookieName()}=${token}`, token, id: row.id };
}

describe.each(PROVIDERS)("sessions on %s", (provider) => {
  let t: TestDb;
  let alice: Awaited<ReturnType<typeof seedUser>>;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
    alice = await seedUser("alice");
  });
  afterEach(async () => t.cleanup());

  const signedIn = async (cookie: string) => (await meGet(req("/api/users/me", { cookie }), undefined)).status === 200;

  it("writes lastSeenAt on use, at most once a minute per session", async () => {
    const s = await signIn(alice.id, CHROME_MAC);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt).toBeNull();
    const t0 = new Date("2030-01-01T10:00:00Z");
    await db().session.update({ where: { id: s.id }, data: { expiresAt: new Date("2030-01-02T00:00:00Z") } });
    await loadSession(s.token, t0);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt).toEqual(t0);
    // 59 seconds later: no write.
    await loadSession(s.token, new Date(t0.getTime() + 59_000));
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt).toEqual(t0);
    // A minute later: written again.
    const t2 = new Date(t0.getTime() + 61_000);
    await loadSession(s.token, t2);
    expect((await db().session.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt).toEqual(t2);
  });

  it("lists the live sessions, this one first, with device, browser, IP, location and sign-in method", async () => {
    const laptop = await signIn(alice.id, CHROME_MAC, "192.168.1.20");
    const phone = await signIn(alice.id, SAFARI_IPHONE, "198.51.100.9", ["otp"]);
    const expired = await signIn(alice.id, CHROME_MAC);
    await db().session.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const bob = await seedUser("bob");
    await signIn(bob.id, CHROME_MAC);

    const res = await mine.GET(req("/api/users/me/sessions", { cookie: phone.cookie }), undefined);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const list = await res.json();
    expect(list.map((s: { id: string }) => s.id)).toEqual([phone.id, laptop.id]);
    expect(list[0]).toMatchObject({ current: true, device: "Safari 18.5 on iOS 18.5", browser: "Safari 18.5", os: "iOS 18.5", deviceType: "mobile", ipAddress: "198.51.100.9", location: null, signInMethod: "login code" });
    expect(list[1]).toMatchObject({ current: false, device: "Chrome 140 on macOS 10.15", deviceType: "desktop", ipAddress: "192.168.1.20", location: { country: "Internal Network", city: "LAN" }, signInMethod: "passkey" });
    expect(Date.parse(list[1].lastSeenAt)).toBeGreaterThan(0);
  });

  it("ends one session: its cookie stops working at once, the others keep working, SESSION_REVOKED is written", async () => {
    const laptop = await signIn(alice.id, CHROME_MAC);
    const phone = await signIn(alice.id, SAFARI_IPHONE);
    const res = await mineOne.DELETE(req(`/api/users/me/sessions/${phone.id}`, { method: "DELETE", cookie: laptop.cookie, headers: ORIGIN }), ctx({ id: phone.id }));
    expect(res.status).toBe(204);
    expect(await signedIn(phone.cookie)).toBe(false);
    expect(await signedIn(laptop.cookie)).toBe(true);
    const audit = await db().auditLog.findMany({ where: { event: "SESSION_REVOKED", userId: alice.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].data)).toEqual({ sessionId: phone.id, device: "Safari 18.5 on iOS 18.5", sessionIpAddress: "198.51.100.4" });
    // Ended already: 404, not a second audit row.
    const again = await mineOne.DELETE(req(`/api/users/me/sessions/${phone.id}`, { method: "DELETE", cookie: laptop.cookie, headers: ORIGIN }), ctx({ id: phone.id }));
    expect(again.status).toBe(404);
    expect(await db().auditLog.count({ where: { event: "SESSION_REVOKED" } })).toBe(1);
  });

  it("refuses to end another user's session (404, as for an unknown one) and leaves it alive", async () => {
    const mallory = await seedUser("mallory");
    const m = await signIn(mallory.id, CHROME_MAC);
    const a = await signIn(alice.id, CHROME_MAC);
    const res = await mineOne.DELETE(req(`/api/users/me/sessions/${a.id}`, { method: "DELETE", cookie: m.cookie, headers: ORIGIN }), ctx({ id: a.id }));
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("not_found");
    expect(await signedIn(a.cookie)).toBe(true);
    const odd = await mineOne.DELETE(req(`/api/users/me/sessions/x%00y`, { method: "DELETE", cookie: m.cookie, headers: ORIGIN }), ctx({ id: "x\u0000y" }));
    expect(odd.status).toBe(404);
    // Cross-site: refused before anything happens.
    const cross = await mineOne.DELETE(req(`/api/users/me/sessions/${m.id}`, { method: "DELETE", cookie: m.cookie, headers: { origin: "https://evil.example" } }), ctx({ id: m.id }));
    expect(cross.status).toBe(403);
  });

  it("ends all other sessions and keeps this one; with an API key it ends all of them", async () => {
    const laptop = await signIn(alice.id, CHROME_MAC);
    const phone = await signIn(alice.id, SAFARI_IPHONE);
    const tablet = await signIn(alice.id, SAFARI_IPHONE);
    const res = await mine.DELETE(req("/api/users/me/sessions", { method: "DELETE", cookie: laptop.cookie, headers: ORIGIN }), undefined);
    expect(await res.json()).toEqual({ ended: 2 });
    expect([await signedIn(laptop.cookie), await signedIn(phone.cookie), await signedIn(tablet.cookie)]).toEqual([true, false, false]);
    expect(await db().auditLog.count({ where: { event: "SESSION_REVOKED", userId: alice.id } })).toBe(2);
    const key = await seedApiKey(alice.id);
    const byKey = await mine.DELETE(req("/api/users/me/sessions", { method: "DELETE", headers: { "x-api-key": key.token } }), undefined);
    expect(await byKey.json()).toEqual({ ended: 1 });
    expect(await signedIn(laptop.cookie)).toBe(false);
  });

  it("lets an admin list and end a user's sessions, naming the admin in the audit rows; non-admins get 403", async () => {
    const root = await seedUser("root", { isAdmin: true });
    const admin = await signIn(root.id, CHROME_MAC);
    const a1 = await signIn(alice.id, CHROME_MAC);
    const a2 = await signIn(alice.id, SAFARI_IPHONE);

    const list = await (await theirs.GET(req(`/api/users/${alice.id}/sessions`, { cookie: admin.cookie }), ctx({ id: alice.id }))).json();
    expect(list.map((s: { id: string; current: boolean }) => [s.id, s.current]).sort()).toEqual([[a1.id, false], [a2.id, false]].sort());

    const one = await theirsOne.DELETE(req(`/api/users/${alice.id}/sessions/${a1.id}`, { method: "DELETE", cookie: admin.cookie, headers: ORIGIN }), ctx({ id: alice.id, sessionId: a1.id }));
    expect(one.status).toBe(204);
    expect(await signedIn(a1.cookie)).toBe(false);
    // A session of another user under this user's path: 404.
    const wrongUser = await theirsOne.DELETE(req(`/api/users/${alice.id}/sessions/${admin.id}`, { method: "DELETE", cookie: admin.cookie, headers: ORIGIN }), ctx({ id: alice.id, sessionId: admin.id }));
    expect(wrongUser.status).toBe(404);
    expect(await signedIn(admin.cookie)).toBe(true);

    const all = await theirs.DELETE(req(`/api/users/${alice.id}/sessions`, { method: "DELETE", cookie: admin.cookie, headers: ORIGIN }), ctx({ id: alice.id }));
    expect(await all.json()).toEqual({ ended: 1 });
    expect(await signedIn(a2.cookie)).toBe(false);
    const rows = await db().auditLog.findMany({ where: { event: "SESSION_REVOKED", userId: alice.id } });
    expect(rows.map((r) => JSON.parse(r.data))).toEqual([expect.objectContaining({ actorUserId: root.id, actorUsername: "root" }), expect.objectContaining({ actorUserId: root.id, actorUsername: "root" })]);

    // An admin ending their own sessions from the user page keeps the one they are using.
    await signIn(root.id, SAFARI_IPHONE);
    expect(await (await theirs.DELETE(req(`/api/users/${root.id}/sessions`, { method: "DELETE", cookie: admin.cookie, headers: ORIGIN }), ctx({ id: root.id }))).json()).toEqual({ ended: 1 });
    expect(await signedIn(admin.cookie)).toBe(true);

    const bob = await signIn((await seedUser("bob")).id, CHROME_MAC);
    expect((await theirs.GET(req(`/api/users/${alice.id}/sessions`, { cookie: bob.cookie }), ctx({ id: alice.id }))).status).toBe(403);
    expect((await theirs.DELETE(req(`/api/users/${root.id}/sessions`, { method: "DELETE", cookie: bob.cookie, headers: ORIGIN }), ctx({ id: root.id }))).status).toBe(403);
    expect(await signedIn(admin.cookie)).toBe(true);
    expect((await theirs.GET(req(`/api/users/00000000-0000-4000-8000-000000000000/sessions`, { cookie: admin.cookie }), ctx({ id: "00000000-0000-4000-8000-000000000000" }))).status).toBe(404);
  });
});
