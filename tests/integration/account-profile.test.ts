// The own account (issue 9 item 2) on SQLite and PostgreSQL: PUT /api/users/me changes username,
// email, names and locale; it is refused with Pocket ID's codes when allowOwnAccountEdit is off
// (forbidden) or LDAP manages the user (ldap_user_update), the locale excepted; a taken username
// or email is already_in_use; nobody changes their own admin, verified or disabled flags.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetAppConfigForTests } from "@/lib/config/app-config";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedApiKey, seedUser, sessionCookieFor } from "../helpers/seed";
import * as me from "@/app/api/users/me/route";
import { db } from "@/lib/db/client";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

const ORIGIN = { origin: TEST_APP_URL };
const CONFIG_ENV = ["UI_CONFIG_DISABLED", "ALLOW_OWN_ACCOUNT_EDIT", "LDAP_ENABLED", "EMAILS_VERIFIED", "REQUIRE_USER_EMAIL"];

describe.each(PROVIDERS)("own account on %s", (provider) => {
  let t: TestDb;
  let alice: Awaited<ReturnType<typeof seedUser>>;
  let cookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
    alice = await seedUser("alice");
    cookie = await sessionCookieFor(alice.id);
  });
  afterEach(async () => {
    for (const k of CONFIG_ENV) delete process.env[k];
    await t.cleanup();
  });

  const put = (body: unknown, c = cookie, headers: Record<string, string> = ORIGIN) => me.PUT(req("/api/users/me", { method: "PUT", json: body, cookie: c, headers }), undefined);
  const config = (values: Record<string, string>) => {
    Object.assign(process.env, { UI_CONFIG_DISABLED: "true", ...values });
    resetAppConfigForTests();
  };

  it("changes username, email, names and locale, resets emailVerified on a new email and audits USER_UPDATED", async () => {
    await db().user.update({ where: { id: alice.id }, data: { emailVerified: true } });
    const res = await put({ username: "Alicia", email: "Alicia@Example.org", firstName: "Alicia", lastName: "Liddell", displayName: "Ally", locale: "de-CH" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: alice.id, username: "Alicia", email: "alicia@example.org", emailVerified: false, firstName: "Alicia", lastName: "Liddell", displayName: "Ally", locale: "de-CH", isAdmin: false });
    const got = await (await me.GET(req("/api/users/me", { cookie }), undefined)).json();
    expect(got.username).toBe("Alicia");
    const audit = await db().auditLog.findMany({ where: { event: "USER_UPDATED", userId: alice.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].data).changed.split(",").sort()).toEqual(["displayName", "email", "firstName", "lastName", "locale", "username"]);
  });

  it("keeps a chosen display name when the first name changes and the form sends the display name unchanged", async () => {
    await db().user.update({ where: { id: alice.id }, data: { displayName: "Ally T" } });
    const res = await put({ username: "alice", email: "alice@example.com", firstName: "Alicia", lastName: "Tester", displayName: "Ally T", locale: "" });
    expect(await res.json()).toMatchObject({ firstName: "Alicia", displayName: "Ally T", locale: null });
  });

  it("accepts the DTO sent back unchanged, also by API key, and writes no audit row for it", async () => {
    const dto = await (await me.GET(req("/api/users/me", { cookie }), undefined)).json();
    const key = await seedApiKey(alice.id);
    const res = await me.PUT(req("/api/users/me", { method: "PUT", json: dto, headers: { "x-api-key": key.token } }), undefined);
    expect(res.status).toBe(200);
    expect(await db().auditLog.count({ where: { event: "USER_UPDATED" } })).toBe(0);
  });

  it("refuses username or email another user has (case-insensitively) with already_in_use naming the field", async () => {
    await seedUser("bob");
    const taken = await put({ username: "BOB" });
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: "already_in_use", details: { username: expect.any(String) } });
    const email = await put({ email: "Bob@Example.com" });
    expect(email.status).toBe(409);
    expect(await email.json()).toMatchObject({ code: "already_in_use", details: { email: expect.any(String) } });
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.id } })).username).toBe("alice");
  });

  it("answers validation_failed with a sentence per field for a bad username or email", async () => {
    const res = await put({ username: "-bad name-", email: "not-an-email" });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    expect(Object.keys(body.details).sort()).toEqual(["email", "username"]);
  });

  it("refuses an email-less profile while emails are required", async () => {
    const res = await put({ email: "" });
    expect(res.status).toBe(400);
    expect((await res.json()).details.email).toBeTruthy();
  });

  it("with allowOwnAccountEdit off refuses profile changes (forbidden, account_edit_not_allowed) but still takes the locale", async () => {
    config({ ALLOW_OWN_ACCOUNT_EDIT: "false" });
    const res = await put({ firstName: "Mallory" });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden", details: { reason: "account_edit_not_allowed" } });
    expect((await db().user.findUniqueOrThrow({ where: { id: alice.id } })).firstName).toBe("Alice");
    const locale = await put({ username: "alice", firstName: "Alice", locale: "fr" });
    expect(locale.status).toBe(200);
    expect((await locale.json()).locale).toBe("fr");
  });

  it("refuses an LDAP-managed user's profile changes while LDAP is on (ldap_user_update), but not once LDAP is off", async () => {
    await db().user.update({ where: { id: alice.id }, data: { ldapId: "uid=alice,ou=people" } });
    config({ LDAP_ENABLED: "true" });
    const res = await put({ email: "new@example.com" });
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("ldap_user_update");
    expect((await put({ locale: "nl" })).status).toBe(200);
    config({ LDAP_ENABLED: "false" });
    expect((await put({ email: "new@example.com" })).status).toBe(200);
  });

  it("never lets a user change their own isAdmin, emailVerified or disabled", async () => {
    for (const body of [{ isAdmin: true }, { emailVerified: true }, { disabled: true }]) {
      const res = await put(body);
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe("forbidden");
    }
    const row = await db().user.findUniqueOrThrow({ where: { id: alice.id } });
    expect([row.isAdmin, row.emailVerified, row.disabled]).toEqual([false, false, false]);
  });

  it("refuses unknown fields, a cross-site cookie request and an anonymous one", async () => {
    expect((await put({ groups: ["admins"] })).status).toBe(400);
    const cross = await put({ firstName: "X" }, cookie, { origin: "https://evil.example" });
    expect(cross.status).toBe(403);
    expect((await cross.json()).code).toBe("invalid_origin");
    const anon = await me.PUT(req("/api/users/me", { method: "PUT", json: { firstName: "X" }, headers: ORIGIN }), undefined);
    expect(anon.status).toBe(401);
  });
});
