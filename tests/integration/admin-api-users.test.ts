// The admin REST API for users and groups through the route wrapper, on SQLite and PostgreSQL:
// caller resolution (cookie, X-API-Key, STATIC_API_KEY), Origin only for cookie writes, 401/403,
// validation sentences, uniqueness, self and last-admin guards (also under races), audit rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetAppConfigForTests } from "@/lib/config/app-config";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedUser, sessionCookieFor } from "../helpers/seed";
import * as users from "@/app/api/users/route";
import * as user from "@/app/api/users/[id]/route";
import * as userGroupsOfUser from "@/app/api/users/[id]/groups/route";
import * as setUserGroups from "@/app/api/users/[id]/user-groups/route";
import * as groups from "@/app/api/user-groups/route";
import * as group from "@/app/api/user-groups/[id]/route";
import * as groupUsers from "@/app/api/user-groups/[id]/users/route";
import * as groupClients from "@/app/api/user-groups/[id]/allowed-oidc-clients/route";
import { GET as setupGet } from "@/app/api/signup/setup/route";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/config/env";
import { STATIC_API_USER_ID } from "@/lib/auth/api-key-auth";

const ORIGIN = { origin: TEST_APP_URL };
const json = async (r: Response) => r.json();

describe.each(PROVIDERS)("users and groups REST API on %s", (provider) => {
  let t: TestDb;
  let adminId: string;
  let cookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    adminId = admin.id;
    cookie = await sessionCookieFor(admin.id);
  });
  afterEach(async () => t.cleanup());

  const create = (body: unknown, c = cookie, headers: Record<string, string> = ORIGIN) => users.POST(req("/api/users", { json: body, cookie: c, headers }), undefined);

  it("answers 401 without a caller and 403 for a signed-in non-admin, with request ids", async () => {
    const anon = await users.GET(req("/api/users"), undefined);
    expect(anon.status).toBe(401);
    const body = await json(anon);
    expect(body.code).toBe("not_signed_in");
    expect(body.request_id).toBe(anon.headers.get("x-request-id"));
    const bob = await seedUser("bob");
    const forbidden = await users.GET(req("/api/users", { cookie: await sessionCookieFor(bob.id) }), undefined);
    expect(forbidden.status).toBe(403);
    expect((await json(forbidden)).code).toBe("forbidden");
    const bobKey = await seedApiKey(bob.id);
    expect((await users.GET(req("/api/users", { headers: { "x-api-key": bobKey.token } }), undefined)).status).toBe(403);
  });

  it("creates, lists, searches, filters, sorts, paginates, updates and deletes users", async () => {
    const res = await create({ username: "Alice", email: "Alice@Example.com", firstName: "Alice", lastName: "Liddell", userGroupIds: [] });
    expect(res.status).toBe(201);
    const alice = await json(res);
    expect(alice).toMatchObject({ username: "Alice", email: "alice@example.com", displayName: "Alice Liddell", isAdmin: false, disabled: false, customClaims: [], userGroups: [] });
    for (const name of ["carol", "dave", "erin"]) expect((await create({ username: name, email: `${name}@example.com`, emailVerified: name === "dave" })).status).toBe(201);

    const list = await json(await users.GET(req("/api/users?pagination[page]=2&pagination[limit]=2&sort[column]=username&sort[direction]=asc", { cookie }), undefined));
    expect(list.pagination).toEqual({ totalPages: 3, totalItems: 5, currentPage: 2, itemsPerPage: 2 });
    expect(list.data.map((u: { username: string }) => u.username)).toEqual(["dave", "erin"]);
    const search = await json(await users.GET(req("/api/users?search=LIDDELL", { cookie }), undefined));
    expect(search.data.map((u: { username: string }) => u.username)).toEqual(["Alice"]);
    const admins = await json(await users.GET(req("/api/users?filters[isAdmin][0]=true", { cookie }), undefined));
    expect(admins.data.map((u: { username: string }) => u.username)).toEqual(["root"]);
    const verified = await json(await users.GET(req("/api/users?filters[emailVerified]=true", { cookie }), undefined));
    expect(verified.data.map((u: { username: string }) => u.username)).toEqual(["dave"]);
    const desc = await json(await users.GET(req("/api/users?sort[column]=username&sort[direction]=desc", { cookie }), undefined));
    expect(desc.data[0].username).toBe("root");

    const upd = await user.PUT(req(`/api/users/${alice.id}`, { method: "PUT", json: { email: "a2@example.com", isAdmin: true, locale: "de-CH" }, cookie, headers: ORIGIN }), ctx({ id: alice.id }));
    expect(upd.status).toBe(200);
    expect(await json(upd)).toMatchObject({ email: "a2@example.com", isAdmin: true, locale: "de-CH", username: "Alice", emailVerified: false });
    expect((await json(await user.GET(req(`/api/users/${alice.id}`, { cookie }), ctx({ id: alice.id })))).isAdmin).toBe(true);

    const del = await user.DELETE(req(`/api/users/${alice.id}`, { method: "DELETE", cookie, headers: ORIGIN }), ctx({ id: alice.id }));
    expect(del.status).toBe(204);
    const gone = await user.GET(req(`/api/users/${alice.id}`, { cookie }), ctx({ id: alice.id }));
    expect(gone.status).toBe(404);
    expect((await json(gone)).code).toBe("user_not_found");
    const events = (await db().auditLog.findMany({ where: { event: { in: ["USER_CREATED", "USER_UPDATED", "USER_DELETED"] } } })).map((e) => [e.event, e.userId]);
    expect(events).toHaveLength(6);
    for (const [, actor] of events) expect(actor).toBe(adminId);
  });

  it("searches literally: a backslash matches itself; % and _ too on PostgreSQL", async () => {
    expect((await create({ username: "frank", email: "frank@example.com", lastName: "Back\\slash" })).status).toBe(201);
    expect((await create({ username: "gina", email: "gina@example.com", lastName: "100% sure_thing" })).status).toBe(201);
    const found = async (q: string) =>
      (await json(await users.GET(req(`/api/users?search=${encodeURIComponent(q)}`, { cookie }), undefined))).data.map((u: { username: string }) => u.username);
    expect(await found("k\\s")).toEqual(["frank"]);
    if (provider === "postgresql") {
      expect(await found("0% s")).toEqual(["gina"]);
      expect(await found("e_t")).toEqual(["gina"]);
      expect(await found("%")).toEqual(["gina"]);
    } else {
      // SQLite's LIKE cannot escape % and _ through Prisma: more rows, never fewer (lib/services/transaction.ts).
      expect(await found("e_t")).toContain("gina");
    }
  });

  it("refuses invalid input with a sentence per field, and duplicates case-insensitively", async () => {
    const bad = await create({ username: "-bad-", email: "nope", isAdmin: "yes", extra: 1 });
    expect(bad.status).toBe(400);
    const body = await json(bad);
    expect(body.code).toBe("validation_failed");
    expect(Object.keys(body.details)).toEqual(expect.arrayContaining(["username", "email", "isAdmin"]));
    expect(body.details.username).toMatch(/letters, digits/);
    expect((await create({ username: "alice", email: "alice@example.com" })).status).toBe(201);
    const dupName = await create({ username: "ALICE", email: "other@example.com" });
    expect(dupName.status).toBe(409);
    expect(await json(dupName)).toMatchObject({ code: "already_in_use", error: "Username is already in use." });
    const dupEmail = await create({ username: "alice2", email: "ALICE@example.com" });
    expect(await json(dupEmail)).toMatchObject({ code: "already_in_use", error: "Email is already in use." });
    const noEmail = await create({ username: "noemail" });
    expect(noEmail.status).toBe(400);
    expect((await json(noEmail)).details).toHaveProperty("email");
    process.env.UI_CONFIG_DISABLED = "true";
    process.env.REQUIRE_USER_EMAIL = "false";
    resetAppConfigForTests();
    try {
      const ok = await create({ username: "noemail" });
      expect(ok.status).toBe(201);
      expect((await json(ok)).email).toBeNull();
    } finally {
      delete process.env.UI_CONFIG_DISABLED;
      delete process.env.REQUIRE_USER_EMAIL;
    }
    const notJson = await users.POST(req("/api/users", { form: { username: "x" }, cookie, headers: ORIGIN }), undefined);
    expect((await json(notJson)).code).toBe("invalid_request_body");
  });

  it("checks Origin only for cookie-authenticated writes; API keys need none", async () => {
    const noOrigin = await create({ username: "x1", email: "x1@example.com" }, cookie, {});
    expect(noOrigin.status).toBe(403);
    expect((await json(noOrigin)).code).toBe("invalid_origin");
    const evil = await create({ username: "x1", email: "x1@example.com" }, cookie, { origin: "https://evil.example" });
    expect(evil.status).toBe(403);
    // Reads with a cookie need no Origin.
    expect((await users.GET(req("/api/users", { cookie }), undefined)).status).toBe(200);
    const key = await seedApiKey(adminId);
    const viaKey = await users.POST(req("/api/users", { json: { username: "x1", email: "x1@example.com" }, headers: { "x-api-key": key.token } }), undefined);
    expect(viaKey.status).toBe(201);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.lastUsedAt).not.toBeNull();
    expect(await db().auditLog.count({ where: { event: "USER_CREATED", userId: adminId } })).toBe(1);
  });

  it("refuses unknown, expired and revoked API keys and keys of disabled users", async () => {
    const unknown = await users.GET(req("/api/users", { headers: { "x-api-key": "nope".repeat(8) } }), undefined);
    expect(unknown.status).toBe(401);
    expect((await json(unknown)).code).toBe("invalid_api_key");
    const expired = await seedApiKey(adminId, { expiresAt: new Date(Date.now() - 1000) });
    const exp = await users.GET(req("/api/users", { headers: { "x-api-key": expired.token } }), undefined);
    expect(exp.status).toBe(401);
    expect((await json(exp)).error).toMatch(/expired/);
    const revoked = await seedApiKey(adminId);
    await db().apiKey.delete({ where: { id: revoked.id } });
    expect((await users.GET(req("/api/users", { headers: { "x-api-key": revoked.token } }), undefined)).status).toBe(401);
    const other = await seedUser("other", { isAdmin: true });
    const otherKey = await seedApiKey(other.id);
    await db().user.update({ where: { id: other.id }, data: { disabled: true } });
    const disabled = await users.GET(req("/api/users", { headers: { "x-api-key": otherKey.token } }), undefined);
    expect(disabled.status).toBe(403);
    expect((await json(disabled)).code).toBe("user_disabled");
  });

  it("STATIC_API_KEY authenticates as a synthetic admin that is neither listed nor counted for setup", async () => {
    process.env.STATIC_API_KEY = "static-key-0123456789abcdef";
    resetEnvForTests();
    try {
      const res = await users.POST(req("/api/users", { json: { username: "fromscript", email: "s@example.com" }, headers: { "x-api-key": "static-key-0123456789abcdef" } }), undefined);
      expect(res.status).toBe(201);
      const staticUser = await db().user.findUniqueOrThrow({ where: { id: STATIC_API_USER_ID } });
      expect(staticUser.username).toMatch(/^static-api-user-[a-z0-9]{6}$/);
      expect(staticUser.isAdmin).toBe(true);
      const listed = await json(await users.GET(req("/api/users", { headers: { "x-api-key": "static-key-0123456789abcdef" } }), undefined));
      expect(listed.data.map((u: { id: string }) => u.id)).not.toContain(STATIC_API_USER_ID);
      expect((await users.GET(req("/api/users", { headers: { "x-api-key": "static-key-0123456789abcdeX" } }), undefined)).status).toBe(401);
      // On an empty installation the static user does not close setup.
      await db().user.deleteMany({ where: { id: { not: STATIC_API_USER_ID } } });
      expect((await setupGet(req("/api/signup/setup"), undefined)).status).toBe(204);
    } finally {
      delete process.env.STATIC_API_KEY;
      resetEnvForTests();
    }
    // Without the variable the same value is just an unknown key.
    expect((await users.GET(req("/api/users", { headers: { "x-api-key": "static-key-0123456789abcdef" } }), undefined)).status).toBe(401);
  });

  it("never lets an admin demote, disable or delete themself", async () => {
    await seedUser("second", { isAdmin: true });
    for (const body of [{ isAdmin: false }, { disabled: true }]) {
      const res = await user.PUT(req(`/api/users/${adminId}`, { method: "PUT", json: body, cookie, headers: ORIGIN }), ctx({ id: adminId }));
      expect(res.status).toBe(403);
      expect(await json(res)).toMatchObject({ code: "forbidden", details: { reason: "self" } });
    }
    const del = await user.DELETE(req(`/api/users/${adminId}`, { method: "DELETE", cookie, headers: ORIGIN }), ctx({ id: adminId }));
    expect(del.status).toBe(403);
    expect(await db().user.findUniqueOrThrow({ where: { id: adminId } })).toMatchObject({ isAdmin: true, disabled: false });
  });

  it("an LDAP user's fields belong to the directory while LDAP is on: an admin PUT changes only the locale", async () => {
    const ldapUser = await seedUser("directory-user");
    await db().user.update({ where: { id: ldapUser.id }, data: { ldapId: "uid=directory-user,ou=people" } });
    const put = (body: unknown) => user.PUT(req(`/api/users/${ldapUser.id}`, { method: "PUT", json: body, cookie, headers: ORIGIN }), ctx({ id: ldapUser.id }));
    Object.assign(process.env, { UI_CONFIG_DISABLED: "true", LDAP_ENABLED: "true" });
    resetAppConfigForTests();
    try {
      const res = await put({ username: "renamed", firstName: "Mallory", isAdmin: true, disabled: true, locale: "de-DE" });
      expect(res.status).toBe(200);
      expect(await json(res)).toMatchObject({ username: "directory-user", isAdmin: false, disabled: false, locale: "de-DE" });
    } finally {
      delete process.env.UI_CONFIG_DISABLED;
      delete process.env.LDAP_ENABLED;
      resetAppConfigForTests();
    }
    // With LDAP off the account is an ordinary one again.
    expect(await json(await put({ firstName: "Dana" }))).toMatchObject({ firstName: "Dana" });
  });

  it("never removes the last admin, also when two admins demote each other at once", async () => {
    const other = await seedUser("second", { isAdmin: true });
    const otherCookie = await sessionCookieFor(other.id);
    const results = await Promise.all([
      user.PUT(req(`/api/users/${other.id}`, { method: "PUT", json: { isAdmin: false }, cookie, headers: ORIGIN }), ctx({ id: other.id })),
      user.PUT(req(`/api/users/${adminId}`, { method: "PUT", json: { isAdmin: false }, cookie: otherCookie, headers: ORIGIN }), ctx({ id: adminId })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 403]);
    expect(await db().user.count({ where: { isAdmin: true } })).toBe(1);
    const loser = results.find((r) => r.status === 403)!;
    expect(await json(loser)).toMatchObject({ code: "forbidden", details: { reason: "last_admin" } });
  });

  it("with a static API key, the last real admin can be neither disabled nor deleted", async () => {
    process.env.STATIC_API_KEY = "static-key-0123456789abcdef";
    resetEnvForTests();
    try {
      const headers = { "x-api-key": "static-key-0123456789abcdef" };
      const dis = await user.PUT(req(`/api/users/${adminId}`, { method: "PUT", json: { disabled: true }, headers }), ctx({ id: adminId }));
      expect(dis.status).toBe(403);
      const del = await user.DELETE(req(`/api/users/${adminId}`, { method: "DELETE", headers }), ctx({ id: adminId }));
      expect(del.status).toBe(403);
      expect(await db().user.count({ where: { id: adminId } })).toBe(1);
    } finally {
      delete process.env.STATIC_API_KEY;
      resetEnvForTests();
    }
  });

  it("disabling a user ends their sessions and refuses their cookie", async () => {
    const bob = await seedUser("bob");
    const bobCookie = await sessionCookieFor(bob.id);
    const res = await user.PUT(req(`/api/users/${bob.id}`, { method: "PUT", json: { disabled: true }, cookie, headers: ORIGIN }), ctx({ id: bob.id }));
    expect(res.status).toBe(200);
    expect(await db().session.count({ where: { userId: bob.id } })).toBe(0);
    expect((await users.GET(req("/api/users", { cookie: bobCookie }), undefined)).status).toBe(401);
    expect(await db().auditLog.count({ where: { event: "USER_DISABLED", userId: adminId } })).toBe(1);
    const enable = await user.PUT(req(`/api/users/${bob.id}`, { method: "PUT", json: { disabled: false }, cookie, headers: ORIGIN }), ctx({ id: bob.id }));
    expect((await json(enable)).disabled).toBe(false);
    expect(await db().auditLog.count({ where: { event: "USER_ENABLED" } })).toBe(1);
  });

  it("manages groups: create, unique name, members from both sides, allowed clients, rename, delete", async () => {
    const created = await groups.POST(req("/api/user-groups", { json: { friendlyName: "Developers", name: "developers" }, cookie, headers: ORIGIN }), undefined);
    expect(created.status).toBe(201);
    const dev = await json(created);
    expect(dev).toMatchObject({ name: "developers", friendlyName: "Developers", userCount: 0 });
    const dup = await groups.POST(req("/api/user-groups", { json: { friendlyName: "Dev 2", name: "developers" }, cookie, headers: ORIGIN }), undefined);
    expect(dup.status).toBe(409);
    expect((await json(dup)).code).toBe("already_in_use");
    const short = await groups.POST(req("/api/user-groups", { json: { friendlyName: "D", name: "d" }, cookie, headers: ORIGIN }), undefined);
    expect((await json(short)).details).toMatchObject({ friendlyName: "Use at least 2 characters", name: "Use at least 2 characters" });

    const bob = await seedUser("bob");
    const carol = await seedUser("carol");
    const members = await groupUsers.PUT(req(`/api/user-groups/${dev.id}/users`, { method: "PUT", json: { userIds: [bob.id, carol.id] }, cookie, headers: ORIGIN }), ctx({ id: dev.id }));
    expect((await json(members)).users.map((u: { username: string }) => u.username)).toEqual(["bob", "carol"]);
    const unknown = await groupUsers.PUT(req(`/api/user-groups/${dev.id}/users`, { method: "PUT", json: { userIds: ["nope"] }, cookie, headers: ORIGIN }), ctx({ id: dev.id }));
    expect(unknown.status).toBe(400);
    const ops = await json(await groups.POST(req("/api/user-groups", { json: { friendlyName: "Ops", name: "ops" }, cookie, headers: ORIGIN }), undefined));
    const setBob = await setUserGroups.PUT(req(`/api/users/${bob.id}/user-groups`, { method: "PUT", json: { userGroupIds: [ops.id] }, cookie, headers: ORIGIN }), ctx({ id: bob.id }));
    expect((await json(setBob)).userGroups.map((g: { name: string }) => g.name)).toEqual(["ops"]);
    const bobGroups = await json(await userGroupsOfUser.GET(req(`/api/users/${bob.id}/groups`, { cookie }), ctx({ id: bob.id })));
    expect(bobGroups.map((g: { name: string }) => g.name)).toEqual(["ops"]);

    const dave = await seedUser("dave");
    await setUserGroups.PUT(req(`/api/users/${dave.id}/user-groups`, { method: "PUT", json: { userGroupIds: [ops.id] }, cookie, headers: ORIGIN }), ctx({ id: dave.id }));
    const list = await json(await groups.GET(req("/api/user-groups?sort[column]=userCount&sort[direction]=desc", { cookie }), undefined));
    expect(list.data.map((g: { name: string; userCount: number }) => [g.name, g.userCount])).toEqual([["ops", 2], ["developers", 1]]);

    await db().oidcClient.create({ data: { id: "netbird", name: "NetBird", isGroupRestricted: true } });
    const allowed = await groupClients.PUT(req(`/api/user-groups/${dev.id}/allowed-oidc-clients`, { method: "PUT", json: { oidcClientIds: ["netbird"] }, cookie, headers: ORIGIN }), ctx({ id: dev.id }));
    expect((await json(allowed)).allowedOidcClients).toEqual([{ id: "netbird", name: "NetBird", isGroupRestricted: true }]);

    const renamed = await group.PUT(req(`/api/user-groups/${dev.id}`, { method: "PUT", json: { friendlyName: "Engineering", name: "eng" }, cookie, headers: ORIGIN }), ctx({ id: dev.id }));
    expect(await json(renamed)).toMatchObject({ name: "eng", userCount: 1 });
    const clash = await group.PUT(req(`/api/user-groups/${dev.id}`, { method: "PUT", json: { friendlyName: "Ops", name: "ops" }, cookie, headers: ORIGIN }), ctx({ id: dev.id }));
    expect(clash.status).toBe(409);
    expect((await group.DELETE(req(`/api/user-groups/${dev.id}`, { method: "DELETE", cookie, headers: ORIGIN }), ctx({ id: dev.id }))).status).toBe(204);
    expect((await group.GET(req(`/api/user-groups/${dev.id}`, { cookie }), ctx({ id: dev.id }))).status).toBe(404);
    expect(await db().oidcClientAllowedGroup.count()).toBe(0);
    const audited = (await db().auditLog.findMany()).filter((a) => a.event.startsWith("USER_GROUP_"));
    expect(new Set(audited.map((a) => a.event))).toEqual(new Set(["USER_GROUP_CREATED", "USER_GROUP_MEMBERS_UPDATED", "USER_GROUP_CLIENTS_UPDATED", "USER_GROUP_UPDATED", "USER_GROUP_DELETED"]));
    expect(audited.every((a) => a.userId === adminId)).toBe(true);
  });
});
