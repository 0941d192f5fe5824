// Regressions of the outside attack on the issue 6/8 features (helper atk2), on SQLite and
// PostgreSQL: control characters in list queries (PostgreSQL answered 500 for a NUL in the audit
// log's search and filters, and in every list's search); homePageUrl values that resolved to
// another site or broke the Location header of /settings.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import * as auditAll from "@/app/api/audit-logs/all/route";
import * as auditExport from "@/app/api/audit-logs/export/route";
import * as users from "@/app/api/users/route";
import * as clients from "@/app/api/oidc/clients/route";
import * as appConfigRoute from "@/app/api/application-configuration/route";
import { appConfig } from "@/lib/config/app-config";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { TEST_APP_URL } from "../helpers/db";

describe.each(PROVIDERS)("attack fixes (atk2) on %s", (provider) => {
  let t: TestDb;
  let admin: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
    admin = await sessionCookieFor((await seedUser("admin", { isAdmin: true })).id);
  });
  afterEach(async () => t.cleanup());

  it("a NUL in the audit log's search or filters, or in a list's search, is a 400 naming the parameter, not a 500", async () => {
    for (const [param, value] of [["search", "a\u0000b"], ["filters[event]", "\u0000"], ["filters[userId]", "x\u0000"], ["filters[clientName]", "\u0000"]]) {
      const q = `${encodeURIComponent(param)}=${encodeURIComponent(value)}`;
      for (const route of [auditAll, auditExport]) {
        const res = await route.GET(req(`/api/audit-logs/all?${q}`, { cookie: admin }));
        expect(res.status, `${param}`).toBe(400);
        const body = await res.json();
        expect(body.code).toBe("validation_failed");
        expect(JSON.stringify(body.details)).toContain("control characters");
      }
    }
    for (const route of [users, clients]) {
      const res = await route.GET(req(`/api/x?search=${encodeURIComponent("\u0000")}`, { cookie: admin }));
      expect(res.status).toBe(400);
      expect((await res.json()).code).toBe("validation_failed");
    }
    // Ordinary text still searches.
    const ok = await auditAll.GET(req(`/api/audit-logs/all?search=${encodeURIComponent("SIGN_IN \"x\\y")}`, { cookie: admin }));
    expect(ok.status).toBe(200);
  });

  it("homePageUrl: dot segments that resolve to //host are refused; characters a Location header cannot carry are stored percent-encoded", async () => {
    const put = (homePageUrl: string) =>
      appConfigRoute.PUT(req("/api/application-configuration", { method: "PUT", json: { homePageUrl }, cookie: admin, headers: { origin: TEST_APP_URL } }));
    for (const v of ["/.//evil.example", "/..//evil.example/x", "/a/../..//evil.example"]) {
      const res = await put(v);
      expect(res.status, v).toBe(400);
      expect((await res.json()).details.homePageUrl).toMatch(/path on this site/);
    }
    for (const [sent, stored] of [["/\u2028/x", "/%E2%80%A8/x"], ["/\uff0fevil.example", "/%EF%BC%8Fevil.example"], ["/settings/apps?tab=1#top", "/settings/apps?tab=1#top"]]) {
      const res = await put(sent);
      expect(res.status, sent).toBe(200);
      const home = (await appConfig()).homePageUrl;
      expect(home).toBe(stored);
      // What /settings redirects to is a valid header value on this site.
      expect(() => new Headers({ location: home })).not.toThrow();
      expect(new URL(home, TEST_APP_URL).origin).toBe(TEST_APP_URL);
    }
  });
});
