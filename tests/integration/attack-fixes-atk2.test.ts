// Regressions of the outside attack on the issue 6/8 features (helper atk2), on SQLite and
// PostgreSQL: control characters in list queries (PostgreSQL answered 500 for a NUL in the audit
// log's search and filters, and in every list's search); homePageUrl values that resolved to
// another site or broke the Location header of /settings; a logo upload racing a client delete
// (500 and an orphan file on PostgreSQL) or another upload of another type (orphan file).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { ctx, req } from "../helpers/http";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as logo from "@/app/api/oidc/clients/[id]/logo/route";
import * as client from "@/app/api/oidc/clients/[id]/route";
import { env, resetEnvForTests } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { fileStorage } from "@/lib/db/file-storage";
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
    process.env.FILE_BACKEND = "filesystem";
    resetEnvForTests();
    resetApiRateLimiterForTests();
    admin = await sessionCookieFor((await seedUser("admin", { isAdmin: true })).id);
  });
  afterEach(async () => {
    delete process.env.FILE_BACKEND;
    resetEnvForTests();
    await t.cleanup();
  });

  const upload = (id: string, bytes: Buffer, light = true) => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), "logo");
    const body = new Response(form);
    return logo.POST(
      new NextRequest(new URL(`/api/oidc/clients/${id}/logo?light=${light}`, TEST_APP_URL), {
        method: "POST",
        headers: { "x-pocketid-client-ip": "203.0.113.7", "content-type": body.headers.get("content-type")!, cookie: admin, origin: TEST_APP_URL },
        body: body.body,
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
      ctx({ id }),
    );
  };
  const image = (format: "png" | "gif", background = "#0a0") => sharp({ create: { width: 8, height: 8, channels: 3, background } })[format]().toBuffer();
  const logoFiles = () => {
    const dir = join(env().uploadPath, "oidc-client-images");
    return existsSync(dir) ? readdirSync(dir).sort() : [];
  };

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

  it("a logo upload racing the client's deletion is a 404 or done before it, never a 500, and leaves no file behind", async () => {
    const png = await image("png");
    for (let i = 0; i < 5; i++) {
      const id = `race-${i}`;
      await seedClient({ id });
      const [up, del] = await Promise.all([upload(id, png), client.DELETE(req(`/api/oidc/clients/${id}`, { method: "DELETE", cookie: admin, headers: { origin: TEST_APP_URL } }), ctx({ id }))]);
      expect([204, 404], `upload ${i}`).toContain(up.status);
      expect(del.status).toBe(204);
    }
    expect(logoFiles()).toEqual([]);
  });

  it("a new logo type removes the files of every other type, also one the row no longer names; deleting a client removes them all", async () => {
    await seedClient({ id: "typed" });
    expect((await upload("typed", await image("png"))).status).toBe(204);
    // What a concurrent upload of another type used to leave: a file the row does not name.
    await fileStorage().write("oidc-client-images/typed.webp", await image("png"));
    expect((await upload("typed", await image("gif"))).status).toBe(204);
    expect(logoFiles()).toEqual(["typed.gif"]);
    expect((await db().oidcClient.findUniqueOrThrow({ where: { id: "typed" } })).imageType).toBe("gif");
    await fileStorage().write("oidc-client-images/typed-dark.png", await image("png"));
    expect((await client.DELETE(req("/api/oidc/clients/typed", { method: "DELETE", cookie: admin, headers: { origin: TEST_APP_URL } }), ctx({ id: "typed" }))).status).toBe(204);
    expect(logoFiles()).toEqual([]);
  });

  it("client x's dark logo and client x-dark's light logo are different files: deleting one client leaves the other's logo", async () => {
    await seedClient({ id: "pair" });
    await seedClient({ id: "pair-dark" });
    expect((await upload("pair", await image("png", "#000"), false)).status).toBe(204);
    expect((await upload("pair-dark", await image("png", "#fff"))).status).toBe(204);
    const served = async (id: string, light: boolean) => {
      const res = await logo.GET(req(`/api/oidc/clients/${id}/logo?light=${light}`), ctx({ id }));
      return res.status === 200 ? (await sharp(Buffer.from(await res.arrayBuffer())).stats()).channels[0].mean : res.status;
    };
    expect(await served("pair", false)).toBe(0);
    expect(await served("pair-dark", true)).toBe(255);
    expect((await client.DELETE(req("/api/oidc/clients/pair", { method: "DELETE", cookie: admin, headers: { origin: TEST_APP_URL } }), ctx({ id: "pair" }))).status).toBe(204);
    expect(await served("pair-dark", true)).toBe(255);
  });
});
