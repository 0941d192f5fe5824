// My Apps and My audit log (issue 9 items 5-6, inventory §1.5 /oidc/users/me/*, /audit-logs, §2.4,
// §6.6): the apps a user may use (group restrictions honoured), the apps they authorized, revoking
// one (consent gone, refresh and access tokens dead, audited), and the user's own audit log,
// paginated, with readable devices. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { GET as myClients } from "@/app/api/oidc/users/me/clients/route";
import { GET as authorizedList } from "@/app/api/oidc/users/me/authorized-clients/route";
import { DELETE as revokeRoute } from "@/app/api/oidc/users/me/authorized-clients/[clientId]/route";
import { GET as adminAuthorizedList } from "@/app/api/oidc/users/[id]/authorized-clients/route";
import { GET as auditLogs } from "@/app/api/audit-logs/route";
import { db } from "@/lib/db/client";
import { writeAudit } from "@/lib/db/audit";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { describeUserAgent } from "@/lib/http/user-agent";
import { auditEventLabel } from "@/lib/services/audit-logs/audit-log-dto";

const origin = { origin: TEST_APP_URL };

async function client(id: string, opts: { launchUrl?: string | null; restricted?: boolean; groups?: string[] } = {}) {
  await db().oidcClient.create({
    data: {
      id,
      name: id.toUpperCase(),
      launchUrl: opts.launchUrl ?? null,
      isGroupRestricted: opts.restricted ?? false,
      callbackUrls: JSON.stringify([CB]),
      allowedGroups: { create: (opts.groups ?? []).map((userGroupId) => ({ userGroupId })) },
    },
  });
}

describe.each(PROVIDERS)("My Apps and my audit log on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    resetApiRateLimiterForTests();
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("lists the apps the user may use: unrestricted ones and restricted ones allowing one of their groups, with launch URL", async () => {
    const alice = await seedUser("alice");
    const bob = await seedUser("bob");
    const staff = await db().userGroup.create({ data: { name: "staff", friendlyName: "Staff", members: { create: { userId: alice.id } } } });
    const other = await db().userGroup.create({ data: { name: "other", friendlyName: "Other", members: { create: { userId: bob.id } } } });
    await client("wiki", { launchUrl: "https://wiki.example.com/" });
    await client("payroll", { restricted: true, groups: [staff.id], launchUrl: "https://payroll.example.com/" });
    await client("secret", { restricted: true, groups: [other.id], launchUrl: "https://secret.example.com/" });
    await client("nobody", { restricted: true });
    await client("api-only");
    await client("legacy", { launchUrl: "javascript:alert(1)" });
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: "payroll", scope: JSON.stringify(["openid"]), lastUsedAt: new Date() } });

    const cookie = await sessionCookieFor(alice.id);
    const res = await myClients(req("/api/oidc/users/me/clients", { cookie }), undefined);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    // Most recently used first, then by name; a stored javascript: launch URL is never offered.
    expect(data.map((c: { id: string }) => c.id)).toEqual(["payroll", "api-only", "legacy", "wiki"]);
    expect(data[0]).toMatchObject({ name: "PAYROLL", launchURL: "https://payroll.example.com/", hasLogo: false, lastUsedAt: expect.any(String) });
    expect(data.find((c: { id: string }) => c.id === "legacy").launchURL).toBeNull();

    const launchable = await (await myClients(req("/api/oidc/users/me/clients?filters[hasLaunchURL]=true", { cookie }), undefined)).json();
    expect(launchable.data.map((c: { id: string }) => c.id)).toEqual(["payroll", "wiki"]);

    const bobs = await (await myClients(req("/api/oidc/users/me/clients", { cookie: await sessionCookieFor(bob.id) }), undefined)).json();
    expect(bobs.data.map((c: { id: string }) => c.id).sort()).toEqual(["api-only", "legacy", "secret", "wiki"]);
    expect((await myClients(req("/api/oidc/users/me/clients"), undefined)).status).toBe(401);
  });

  it("revoking an authorized app deletes the consent and really kills its refresh and access tokens, audited", async () => {
    const alice = await seedUser("alice");
    const cookie = await sessionCookieFor(alice.id);
    const { secret } = await seedClient({ skipConsent: true });
    const auth = { authorization: basic("test-client", secret!) };
    const login = async () => {
      const loc = await location(await authorizeGet(req(authorizeUrl(), { cookie })));
      const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: loc.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth }));
      expect(res.status).toBe(200);
      return res.json();
    };
    const tokens = await login();

    const listed = await (await authorizedList(req("/api/oidc/users/me/authorized-clients", { cookie }), undefined)).json();
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({ scope: "openid profile email groups", client: { id: "test-client", name: "Test Client" }, lastUsedAt: expect.any(String) });

    // An admin sees the same list for any user; anyone else is refused, an unknown user is 404.
    const admin = await seedUser("root", { isAdmin: true });
    const adminCookie = await sessionCookieFor(admin.id);
    const forAdmin = await adminAuthorizedList(req(`/api/oidc/users/${alice.id}/authorized-clients`, { cookie: adminCookie }), ctx({ id: alice.id }));
    expect((await forAdmin.json()).data.map((a: { client: { id: string } }) => a.client.id)).toEqual(["test-client"]);
    expect((await adminAuthorizedList(req(`/api/oidc/users/${alice.id}/authorized-clients`, { cookie }), ctx({ id: alice.id }))).status).toBe(403);
    expect((await adminAuthorizedList(req("/api/oidc/users/nope/authorized-clients", { cookie: adminCookie }), ctx({ id: "nope" }))).status).toBe(404);

    const revoke = (clientId: string, headers: Record<string, string> = origin) =>
      revokeRoute(req(`/api/oidc/users/me/authorized-clients/${clientId}`, { method: "DELETE", cookie, headers }), ctx({ clientId }));
    // A cookie-authenticated change from another site is refused.
    expect((await revoke("test-client", { origin: "https://evil.example" })).status).toBe(403);
    expect((await revoke("test-client")).status).toBe(204);

    expect((await (await authorizedList(req("/api/oidc/users/me/authorized-clients", { cookie }), undefined)).json()).data).toEqual([]);
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: auth }));
    expect(refreshed.status).toBe(400);
    expect((await refreshed.json()).error).toBe("invalid_grant");
    expect((await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${tokens.access_token}` } }))).status).toBe(401);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "CLIENT_AUTHORIZATION_REVOKED" } });
    expect(audit.userId).toBe(alice.id);
    expect(JSON.parse(audit.data)).toMatchObject({ clientId: "test-client", clientName: "Test Client" });

    // Revoked twice, or an app never authorized: 404 with a sentence.
    const again = await revoke("test-client");
    expect(again.status).toBe(404);
    expect((await again.json()).code).toBe("not_found");
    // Signing in to the app again works and makes a new authorization.
    const fresh = await login();
    expect((await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${fresh.access_token}` } }))).status).toBe(200);
  });

  it("shows a user their own audit events only, newest first, paginated, with device and readable names", async () => {
    const alice = await seedUser("alice");
    const bob = await seedUser("bob");
    const ua = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
    const base = Date.now() - 60_000;
    for (const [i, event] of (["SIGN_IN", "PASSKEY_ADDED", "REMOTE_SIGN_IN"] as const).entries()) {
      await db().$transaction((tx) => writeAudit(tx, event, { ip: "192.0.2.1", userAgent: ua }, alice.id, { n: String(i) }));
      await db().auditLog.updateMany({ where: { event, userId: alice.id }, data: { createdAt: new Date(base + i * 1000) } });
    }
    await db().$transaction((tx) => writeAudit(tx, "SIGN_IN", { ip: "192.0.2.99", userAgent: "curl/8.0" }, bob.id));
    const cookie = await sessionCookieFor(alice.id);

    const page1 = await auditLogs(req("/api/audit-logs?pagination[limit]=2", { cookie }), undefined);
    expect(page1.status).toBe(200);
    const body = await page1.json();
    expect(body.pagination).toEqual({ totalPages: 2, totalItems: 3, currentPage: 1, itemsPerPage: 2 });
    expect(body.data.map((e: { event: string }) => e.event)).toEqual(["REMOTE_SIGN_IN", "PASSKEY_ADDED"]);
    expect(body.data[0]).toMatchObject({ ipAddress: "192.0.2.1", device: expect.stringMatching(/^Safari 17\.5 on macOS/), userID: alice.id, data: { n: "2" } });
    const page2 = await (await auditLogs(req("/api/audit-logs?pagination[limit]=2&pagination[page]=2", { cookie }), undefined)).json();
    expect(page2.data.map((e: { event: string }) => e.event)).toEqual(["SIGN_IN"]);
    const filtered = await (await auditLogs(req("/api/audit-logs?filters[event][0]=SIGN_IN", { cookie }), undefined)).json();
    expect(filtered.data).toHaveLength(1);
    const oldest = await (await auditLogs(req("/api/audit-logs?sort[column]=createdAt&sort[direction]=asc", { cookie }), undefined)).json();
    expect(oldest.data[0].event).toBe("SIGN_IN");

    const bad = await auditLogs(req("/api/audit-logs?pagination[limit]=1000", { cookie }), undefined);
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe("validation_failed");
    expect((await auditLogs(req("/api/audit-logs"), undefined)).status).toBe(401);
  });

  it("names events the way a person reads them", () => {
    expect(describeUserAgent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1").label).toMatch(/^Safari 17\.5 on iOS 17\.5/);
    expect(describeUserAgent("").label).toBe("Unknown device");
    expect(auditEventLabel("REMOTE_SIGN_IN")).toBe("Signed in with another device");
    expect(auditEventLabel("SOMETHING_NEW")).toBe("Something new");
  });
});
