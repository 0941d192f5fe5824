// The global audit log (issue 8 item 6; inventory §1.5 /audit-logs/all and filters, §6.6) on SQLite
// and PostgreSQL: locations written with each row (Internal Network labels; GeoLite2 City from a
// real .mmdb file built here and read by the `maxmind` reader), filters, sort, pagination, the
// filter choices, CSV export with formula-injection guard, and retention in the cleanup job.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, TEST_APP_URL, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { buildMmdb, cityRecord } from "../helpers/mmdb";
import { GET as listAll } from "@/app/api/audit-logs/all/route";
import { GET as clientNames } from "@/app/api/audit-logs/filters/client-names/route";
import { GET as users } from "@/app/api/audit-logs/filters/users/route";
import { GET as exportCsv } from "@/app/api/audit-logs/export/route";
import { db } from "@/lib/db/client";
import { writeAudit, type AuditEvent } from "@/lib/db/audit";
import { resetEnvForTests } from "@/lib/config/env";
import { requestMeta } from "@/lib/http/request-meta";
import { resetGeoliteForTests } from "@/lib/http/geolite";
import { cleanupExpired } from "@/lib/services/cleanup";
import { csvCell } from "@/lib/services/audit-logs/audit-log-csv";

let dir: string;
const savedPath = process.env.GEOLITE_DB_PATH;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "geolite-"));
  writeFileSync(join(dir, "GeoLite2-City.mmdb"), buildMmdb({ "203.0.113.0/24": cityRecord("Germany", "DE", "Berlin"), "2001:db8::/32": cityRecord("France", "FR", "Paris") }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function useGeolite(path: string | undefined) {
  if (path === undefined) delete process.env.GEOLITE_DB_PATH;
  else process.env.GEOLITE_DB_PATH = path;
  resetEnvForTests();
  resetGeoliteForTests();
}

/** An audit row as a request from `ip` writes it (location looked up through requestMeta). */
async function audit(event: AuditEvent, userId: string | null, ip: string, data: Record<string, string> = {}, userAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0") {
  const meta = requestMeta(new Headers({ "x-pocketid-client-ip": ip, "user-agent": userAgent }));
  await db().$transaction((tx) => writeAudit(tx, event, meta, userId, data));
}

describe.each(PROVIDERS)("global audit log on %s", (provider) => {
  let t: TestDb;
  let admin: string;
  let alice: { id: string };
  let bob: { id: string };
  let adminCookie: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    useGeolite(join(dir, "GeoLite2-City.mmdb"));
    const root = await seedUser("root", { isAdmin: true });
    admin = root.id;
    adminCookie = await sessionCookieFor(admin);
    alice = await seedUser("alice");
    bob = await seedUser("bob");
    await audit("SIGN_IN", alice.id, "10.1.2.3");
    await audit("NEW_CLIENT_AUTHORIZATION", alice.id, "203.0.113.7", { clientName: "Grafana", clientId: "grafana" });
    await audit("CLIENT_AUTHORIZATION", bob.id, "2001:db8::5", { clientName: "Nextcloud, \"prod\"", clientId: "nc" });
    await audit("SIGN_IN", bob.id, "100.101.102.103");
    await audit("SIGN_IN", bob.id, "127.0.0.1");
    await audit("PASSKEY_ADDED", bob.id, "198.51.100.9", { passkeyName: "=HYPERLINK(\"http://evil.example\")" }, "@evil-agent");
  });
  afterEach(async () => {
    useGeolite(savedPath);
    await t.cleanup();
  });

  const get = async (handler: typeof listAll, query = "", cookie = adminCookie) => handler(req(`/api/audit-logs/x${query ? `?${query}` : ""}`, { cookie }));
  const list = async (query = "") => {
    const res = await get(listAll, query);
    expect(res.status).toBe(200);
    return (await res.json()) as { data: { event: string; username: string | null; ipAddress: string; country: string | null; city: string | null; data: Record<string, string> }[]; pagination: { totalItems: number; totalPages: number } };
  };

  it("stores each row's location: Internal Network labels, GeoLite2 City for public addresses, nothing when unknown", async () => {
    // Sorted by address: rows written within one millisecond have no creation order.
    const rows = (await list("sort[column]=ipAddress&sort[direction]=asc")).data;
    const byIp = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(rows.map((r) => [r.ipAddress, r.country, r.city]).sort(byIp)).toEqual([
      ["10.1.2.3", "Internal Network", "LAN"],
      ["203.0.113.7", "Germany", "Berlin"],
      ["2001:db8::5", "France", "Paris"],
      ["100.101.102.103", "Internal Network", "Tailscale"],
      ["127.0.0.1", "Internal Network", "localhost"],
      ["198.51.100.9", null, null],
    ].sort(byIp));
  });

  it("stores no location for public addresses when GEOLITE_DB_PATH points to no file", async () => {
    useGeolite(join(dir, "missing.mmdb"));
    await audit("SIGN_IN", alice.id, "203.0.113.8");
    const row = await db().auditLog.findFirstOrThrow({ where: { ipAddress: "203.0.113.8" } });
    expect([row.country, row.city]).toEqual([null, null]);
  });

  it("filters by event, user, client name and location, and combines them", async () => {
    expect((await list("filters[event]=SIGN_IN")).pagination.totalItems).toBe(3);
    expect((await list(`filters[userId]=${alice.id}`)).data.every((r) => r.username === "alice")).toBe(true);
    expect((await list(`filters[userId]=${alice.id}`)).pagination.totalItems).toBe(2);
    const nc = await list(`filters[clientName]=${encodeURIComponent('Nextcloud, "prod"')}`);
    expect(nc.data.map((r) => r.data.clientId)).toEqual(["nc"]);
    expect((await list("filters[location]=internal")).data.map((r) => r.ipAddress).sort()).toEqual(["10.1.2.3", "100.101.102.103", "127.0.0.1"]);
    expect((await list("filters[location]=external")).data.map((r) => r.ipAddress).sort()).toEqual(["198.51.100.9", "2001:db8::5", "203.0.113.7"]);
    expect((await list(`filters[event]=SIGN_IN&filters[userId]=${bob.id}&filters[location]=internal`)).pagination.totalItems).toBe(2);
    expect((await list("search=berlin")).data.map((r) => r.ipAddress)).toEqual(["203.0.113.7"]);
  });

  it("sorts by username and paginates", async () => {
    const page1 = await list("sort[column]=username&sort[direction]=asc&pagination[limit]=4");
    expect(page1.pagination).toMatchObject({ totalItems: 6, totalPages: 2 });
    expect(page1.data.map((r) => r.username)).toEqual(["alice", "alice", "bob", "bob"]);
    const page2 = await list("sort[column]=username&sort[direction]=asc&pagination[limit]=4&pagination[page]=2");
    expect(page2.data.map((r) => r.username)).toEqual(["bob", "bob"]);
  });

  it("refuses a non-admin, and an unknown location filter with a sentence", async () => {
    expect((await get(listAll, "", await sessionCookieFor(alice.id))).status).toBe(403);
    expect((await get(exportCsv, "", await sessionCookieFor(alice.id))).status).toBe(403);
    const bad = await get(listAll, "filters[location]=moon");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: "validation_failed" });
  });

  it("lists the filter choices: client names and users present in the log", async () => {
    expect(await (await get(clientNames)).json()).toEqual(["Grafana", 'Nextcloud, "prod"']);
    expect(await (await get(users)).json()).toEqual({ [alice.id]: "alice", [bob.id]: "bob" });
  });

  it("exports the filtered view as CSV, quoting and defusing formula cells", async () => {
    const res = await get(exportCsv, `filters[userId]=${bob.id}&sort[column]=createdAt&sort[direction]=asc`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split("\r\n");
    expect(lines[0]).toBe("Date (UTC),Event,Event name,User,User ID,Client,IP address,Country,City,Device,User agent,Details");
    expect(lines.length).toBe(1 + 4 + 1); // header, bob's four rows, the final CRLF
    // Found by content: rows written within one millisecond have no creation order.
    expect(lines.find((l) => l.includes("CLIENT_AUTHORIZATION"))).toContain(`,Signed in to an app,CLIENT_AUTHORIZATION,bob,${bob.id},"Nextcloud, ""prod""",2001:db8::5,France,Paris,`);
    // The user agent "@evil-agent" and the passkey name "=HYPERLINK(...)" cannot run as formulas.
    const passkey = lines.find((l) => l.includes("PASSKEY_ADDED"))!;
    expect(passkey).toContain(",'@evil-agent,");
    expect(passkey).toContain(`"{""passkeyName"":""=HYPERLINK(\\""http://evil.example\\"")""}"`);
  });

  it("purges rows older than AUDIT_LOG_RETENTION_DAYS in the cleanup job, keeping newer ones", async () => {
    const old = await db().auditLog.findFirstOrThrow({ where: { ipAddress: "10.1.2.3" } });
    await db().auditLog.update({ where: { id: old.id }, data: { createdAt: new Date(Date.now() - 91 * 86_400_000) } });
    const recent = await db().auditLog.findFirstOrThrow({ where: { ipAddress: "127.0.0.1" } });
    await db().auditLog.update({ where: { id: recent.id }, data: { createdAt: new Date(Date.now() - 89 * 86_400_000) } });
    const counts = await cleanupExpired(new Date(), 90);
    expect(counts.auditLogs).toBe(1);
    expect(await db().auditLog.count({ where: { id: old.id } })).toBe(0);
    expect(await db().auditLog.count({ where: { id: recent.id } })).toBe(1);
    expect(await db().auditLog.count()).toBe(5);
  });
});

describe("CSV cells", () => {
  it.each([
    ["plain", "plain"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ["=1+1", "'=1+1"],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tx", "'\tx"],
    ["=a,b", `"'=a,b"`],
    [null, ""],
  ])("%j → %j", (input, out) => {
    expect(csvCell(input)).toBe(out);
  });
});

void TEST_APP_URL;
