// Application configuration (issue 8 item 4; inventory §1.5, §4.1) on SQLite and PostgreSQL: the REST
// routes and every refusal, secrets sealed at rest and never answered in clear, UI_CONFIG_DISABLED
// (env vars, _FILE, redaction, 403), the audit row, and the cache every replica refreshes within seconds.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedApiKey, seedUser, sessionCookieFor } from "../helpers/seed";
import * as config from "@/app/api/application-configuration/route";
import * as all from "@/app/api/application-configuration/all/route";
import * as testEmail from "@/app/api/application-configuration/test-email/route";
import { APP_CONFIG_TTL_MS, appConfig, refreshAppConfig, resetAppConfigForTests } from "@/lib/config/app-config";
import { db } from "@/lib/db/client";

const ORIGIN = { origin: TEST_APP_URL };
const ENV_KEYS = ["UI_CONFIG_DISABLED", "APP_NAME", "ACCENT_COLOR", "SMTP_PASSWORD", "SMTP_PASSWORD_FILE", "SESSION_DURATION", "LDAP_BIND_PASSWORD"];

type Entry = { key: string; type: string; value: string; isPublic?: boolean };
const valueOf = (entries: Entry[], key: string) => entries.find((e) => e.key === key)?.value;

describe.each(PROVIDERS)("application configuration on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userCookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    cookie = await sessionCookieFor(admin.id);
    userCookie = await sessionCookieFor((await seedUser("alice")).id);
  });
  afterEach(async () => {
    for (const k of ENV_KEYS) delete process.env[k];
    resetAppConfigForTests();
    await t.cleanup();
  });

  const put = (body: unknown, c = cookie, headers: Record<string, string> = ORIGIN) =>
    config.PUT(req("/api/application-configuration", { method: "PUT", json: body, cookie: c, headers }));
  const getAll = async (c = cookie) => (await all.GET(req("/api/application-configuration/all", { cookie: c }))).json() as Promise<Entry[]>;

  it("lists the public subset with uiConfigDisabled to anyone, and every key with defaults to an admin", async () => {
    const res = await config.GET(req("/api/application-configuration"));
    expect(res.status).toBe(200);
    const pub = (await res.json()) as Entry[];
    expect(pub).toContainEqual({ key: "appName", type: "string", value: "Pocket ID" });
    expect(pub).toContainEqual({ key: "accentColor", type: "string", value: "default" });
    expect(pub).toContainEqual({ key: "uiConfigDisabled", type: "boolean", value: "false" });
    // Not public: session length, SMTP, passwords.
    expect(pub.map((e) => e.key)).not.toContain("sessionDuration");
    expect(pub.map((e) => e.key)).not.toContain("smtpPassword");

    const entries = await getAll();
    expect(entries).toHaveLength(47);
    expect(entries).toContainEqual({ key: "sessionDuration", type: "number", value: "60", isPublic: false });
    expect(entries).toContainEqual({ key: "ldapUserSearchFilter", type: "string", value: "(objectClass=person)", isPublic: false });
    expect(entries).toContainEqual({ key: "cimdUrlAllowlist", type: "array", value: "[]", isPublic: false });
  });

  it("replaces the configuration: typed values, empty = default, the reader sees it at once, audited with key names only", async () => {
    const res = await put({ appName: "Acme ID", sessionDuration: 120, emailsVerified: true, accentColor: "oklch(0.63 0.2 15)", cimdUrlAllowlist: ["https://*.example.com/**"], requireUserEmail: "false" });
    expect(res.status).toBe(200);
    const entries = (await res.json()) as Entry[];
    expect(valueOf(entries, "appName")).toBe("Acme ID");
    expect(valueOf(entries, "sessionDuration")).toBe("120");
    expect(valueOf(entries, "emailsVerified")).toBe("true");
    expect(valueOf(entries, "homePageUrl")).toBe("/settings/account");
    const c = await appConfig();
    expect(c).toMatchObject({ appName: "Acme ID", sessionDuration: 120, emailsVerified: true, requireUserEmail: false, cimdUrlAllowlist: ["https://*.example.com/**"] });
    // Pocket ID's table and format, so an export reads the same.
    expect(await db().appConfigVariable.findUnique({ where: { key: "sessionDuration" } })).toEqual({ key: "sessionDuration", value: "120" });
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "APP_CONFIG_UPDATED" } });
    expect(JSON.parse(audit.data).keys.split(",").sort()).toEqual(["accentColor", "appName", "cimdUrlAllowlist", "emailsVerified", "requireUserEmail", "sessionDuration"]);

    // Whole replacement: what is left out returns to its default.
    expect((await put({ appName: "" })).status).toBe(200);
    expect(await appConfig()).toMatchObject({ appName: "Pocket ID", sessionDuration: 60, requireUserEmail: true, cimdUrlAllowlist: [] });
  });

  it("refuses invalid values with a sentence per key and changes nothing", async () => {
    const res = await put({
      appName: "x".repeat(31),
      sessionDuration: "0",
      accentColor: "red;}body{background:url(https://evil.example/x)}",
      homePageUrl: "https://evil.example/",
      smtpFrom: "not-an-address",
      smtpPort: "70000",
      smtpTls: "ssl",
      ldapUrl: "http://ldap.example.com",
      allowUserSignups: "sometimes",
      signupDefaultCustomClaims: "[{\"key\":1}]",
      emailsVerified: "maybe",
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    expect(Object.keys(body.details).sort()).toEqual(
      ["accentColor", "allowUserSignups", "appName", "emailsVerified", "homePageUrl", "ldapUrl", "sessionDuration", "signupDefaultCustomClaims", "smtpFrom", "smtpPort", "smtpTls"].sort(),
    );
    expect(body.details.accentColor).toMatch(/^Enter a colour/);
    expect(await db().appConfigVariable.count()).toBe(0);
    expect(await db().auditLog.count({ where: { event: "APP_CONFIG_UPDATED" } })).toBe(0);
  });

  it("needs the LDAP connection fields to turn LDAP on, and the port and sender with an SMTP host", async () => {
    const res = await put({ ldapEnabled: true, smtpHost: "smtp.example.com" });
    expect(res.status).toBe(400);
    expect(Object.keys((await res.json()).details).sort()).toEqual(
      ["ldapAttributeUserUniqueIdentifier", "ldapAttributeUserUsername", "ldapBase", "ldapBindDn", "ldapUrl", "smtpFrom", "smtpPort"].sort(),
    );
  });

  it("seals secrets at rest, answers only set / not set, keeps them on a round trip and clears them when emptied", async () => {
    const ok = await put({ smtpHost: "smtp.example.com", smtpPort: 587, smtpFrom: "id@example.com", smtpPassword: "s3cret pass ", ldapBindPassword: "bind-pw" });
    expect(ok.status).toBe(200);
    expect(JSON.stringify(await ok.json())).not.toContain("s3cret");
    const row = await db().appConfigVariable.findUniqueOrThrow({ where: { key: "smtpPassword" } });
    expect(row.value).toMatch(/^v1\./);
    expect(row.value).not.toContain("s3cret");
    expect((await appConfig()).smtpPassword).toBe("s3cret pass ");
    const entries = await getAll();
    expect(valueOf(entries, "smtpPassword")).toBe("XXXXXXXXXX");

    // GET /all → PUT back unchanged keeps both secrets.
    const roundTrip = Object.fromEntries(entries.map((e) => [e.key, e.value]));
    expect((await put(roundTrip)).status).toBe(200);
    expect(await appConfig()).toMatchObject({ smtpPassword: "s3cret pass ", ldapBindPassword: "bind-pw" });

    expect((await put({ ...roundTrip, smtpPassword: "" })).status).toBe(200);
    expect((await appConfig()).smtpPassword).toBe("");
    expect(valueOf(await getAll(), "smtpPassword")).toBe("");
    expect((await appConfig()).ldapBindPassword).toBe("bind-pw");
  });

  it("refuses non-admins, API-keyless callers and cross-site writes", async () => {
    expect((await all.GET(req("/api/application-configuration/all"))).status).toBe(401);
    expect((await all.GET(req("/api/application-configuration/all", { cookie: userCookie }))).status).toBe(403);
    const asUser = await put({ appName: "Mine" }, userCookie);
    expect(asUser.status).toBe(403);
    expect((await asUser.json()).code).toBe("forbidden");
    const crossSite = await put({ appName: "Mine" }, cookie, { origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((await crossSite.json()).code).toBe("invalid_origin");
    expect((await appConfig()).appName).toBe("Pocket ID");
    // An admin's API key may change it (no Origin needed for a header credential).
    const admin = await db().user.findFirstOrThrow({ where: { username: "root" } });
    const { token } = await seedApiKey(admin.id);
    const viaKey = await config.PUT(req("/api/application-configuration", { method: "PUT", json: { appName: "Keyed" }, headers: { "x-api-key": token } }));
    expect(viaKey.status).toBe(200);
    expect((await appConfig()).appName).toBe("Keyed");
  });

  it("answers email_not_available for a test email (no mailer in this version), and only to admins", async () => {
    const res = await testEmail.POST(req("/api/application-configuration/test-email", { method: "POST", cookie, headers: ORIGIN }));
    expect(res.status).toBe(501);
    expect((await res.json()).code).toBe("email_not_available");
    expect((await testEmail.POST(req("/api/application-configuration/test-email", { method: "POST", cookie: userCookie, headers: ORIGIN }))).status).toBe(403);
  });

  it("with UI_CONFIG_DISABLED reads env vars and _FILE, redacts secrets and refuses changes with ui_config_disabled", async () => {
    await put({ appName: "From DB" });
    const dir = mkdtempSync(join(tmpdir(), "appcfg-"));
    writeFileSync(join(dir, "smtp"), "file-secret\n");
    Object.assign(process.env, { UI_CONFIG_DISABLED: "true", APP_NAME: "From Env", ACCENT_COLOR: "#2563eb", SMTP_PASSWORD_FILE: join(dir, "smtp") });
    resetAppConfigForTests();
    expect(await appConfig()).toMatchObject({ appName: "From Env", accentColor: "#2563eb", smtpPassword: "file-secret", sessionDuration: 60 });
    const pub = (await (await config.GET(req("/api/application-configuration"))).json()) as Entry[];
    expect(valueOf(pub, "uiConfigDisabled")).toBe("true");
    expect(valueOf(pub, "appName")).toBe("From Env");
    expect(valueOf(await getAll(), "smtpPassword")).toBe("XXXXXXXXXX");
    const refused = await put({ appName: "Changed" });
    expect(refused.status).toBe(403);
    expect((await refused.json()).code).toBe("ui_config_disabled");
    expect((await db().appConfigVariable.findUniqueOrThrow({ where: { key: "appName" } })).value).toBe("From DB");
  });

  it("with UI_CONFIG_DISABLED refuses an invalid env var, or a secret given both ways, naming the variable", async () => {
    Object.assign(process.env, { UI_CONFIG_DISABLED: "true", SESSION_DURATION: "forever" });
    resetAppConfigForTests();
    await expect(appConfig()).rejects.toThrow(/SESSION_DURATION: Enter a whole number of minutes/);
    Object.assign(process.env, { SESSION_DURATION: "30", LDAP_BIND_PASSWORD: "a" });
    process.env.LDAP_BIND_PASSWORD_FILE = "/nonexistent";
    resetAppConfigForTests();
    await expect(appConfig()).rejects.toThrow(/LDAP_BIND_PASSWORD and LDAP_BIND_PASSWORD_FILE are both set/);
    delete process.env.LDAP_BIND_PASSWORD_FILE;
  });

  it("answers from memory within the TTL and sees another replica's change after it, keeping a bad row at its default", async () => {
    let now = 1_000_000;
    const probe = resetAppConfigForTests({ now: () => now, cold: true });
    expect((await appConfig()).appName).toBe("Pocket ID");
    expect(probe.loads()).toBe(1);
    // Another replica writes (same database, not through this process).
    await db().appConfigVariable.create({ data: { key: "appName", value: "Replica Two" } });
    await db().appConfigVariable.create({ data: { key: "sessionDuration", value: "not a number" } });
    now += APP_CONFIG_TTL_MS - 1;
    for (let i = 0; i < 50; i++) expect((await appConfig()).appName).toBe("Pocket ID");
    expect(probe.loads()).toBe(1);
    now += 2;
    // Past the TTL: the stale value is answered (never awaited inside a transaction) while one reload runs.
    expect((await appConfig()).appName).toBe("Pocket ID");
    const c = await refreshAppConfig();
    expect(c.appName).toBe("Replica Two");
    expect(c.sessionDuration).toBe(60);
    expect((await appConfig()).appName).toBe("Replica Two");
    expect(probe.loads()).toBe(2);
  });

  it("keeps serving sign-ins on SQLite while a reload is due inside a transaction", async () => {
    let now = 1_000_000;
    resetAppConfigForTests({ now: () => now });
    now += APP_CONFIG_TTL_MS * 10;
    // sessionCookieFor creates the session in a transaction that reads appConfig(): a reload
    // awaited there would wait for the transaction itself (15 s timeout on SQLite).
    const started = await sessionCookieFor((await seedUser("bob")).id);
    expect(started).toBeTruthy();
  });
});
