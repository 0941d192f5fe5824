// Client logos (issue 8 item 1, inventory §1.5/§2.18) on SQLite and PostgreSQL, with both file
// backends: upload (multipart, ≤ 2 MiB, type from the bytes, metadata stripped, SVG with script
// refused), public GET with dark→light fallback, ETag/304 and cache lifetimes, DELETE, hasLogo in
// the DTO, logos by URL (public addresses only), and a deleted client's files going with it.
import { createServer, type Server } from "node:http";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as logo from "@/app/api/oidc/clients/[id]/logo/route";
import * as client from "@/app/api/oidc/clients/[id]/route";
import * as clients from "@/app/api/oidc/clients/route";
import { db } from "@/lib/db/client";
import { env, resetEnvForTests } from "@/lib/config/env";
import { fileStorage } from "@/lib/db/file-storage";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { allowInternalLogoFetchesForTests } from "@/lib/services/client-logos/fetch-client-logo";

const ORIGIN = { origin: TEST_APP_URL };

function multipart(path: string, file: Blob | null, opts: { cookie?: string; method?: string } = {}) {
  const form = new FormData();
  if (file) form.append("file", file, "logo");
  const body = new Response(form);
  return new NextRequest(new URL(path, TEST_APP_URL), {
    method: opts.method ?? "POST",
    headers: { "x-pocketid-client-ip": "203.0.113.7", "content-type": body.headers.get("content-type")!, ...(opts.cookie ? { cookie: opts.cookie } : {}), ...ORIGIN },
    body: body.body,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1]);
}

async function pngWithExif(colour = "#ff0000", size = 64): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: colour } })
    .withExif({ IFD0: { Make: "SecretCam", Copyright: "Alice at 52.37N 4.89E" } })
    .png()
    .toBuffer();
}
const blob = (b: Buffer | string, type = "application/octet-stream") => new Blob([typeof b === "string" ? b : new Uint8Array(b)], { type });

const SAFE_SVG = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><style>rect{fill:#0a0}</style><rect width="10" height="10"/></svg>`;
const EVIL_SVGS = [
  `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>`,
  `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>`,
  `<svg xmlns="http://www.w3.org/2000/svg"><a href="&#106;avascript:alert(1)"><rect width="1" height="1"/></a></svg>`,
  `<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="x"/></body></foreignObject></svg>`,
  `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>`,
];

let server: Server;
let base: string;
beforeAll(async () => {
  const png = await sharp({ create: { width: 32, height: 32, channels: 4, background: "#00f" } }).png().toBuffer();
  server = createServer((rq, rs) => {
    if (rq.url === "/logo.png") return rs.writeHead(200, { "content-type": "image/png" }).end(png);
    if (rq.url === "/moved") return rs.writeHead(302, { location: "/logo.png" }).end();
    if (rq.url === "/page.html") return rs.writeHead(200, { "content-type": "text/html" }).end("<html><body>hi</body></html>");
    if (rq.url === "/huge.png") return rs.writeHead(200, { "content-type": "image/png" }).end(Buffer.alloc(3 * 1024 * 1024, 1));
    rs.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const COMBOS = PROVIDERS.flatMap((p) => (["filesystem", "database"] as const).map((b) => [p, b] as const));

describe.each(COMBOS)("client logos on %s with FILE_BACKEND=%s", (provider, backend) => {
  let t: TestDb;
  let admin: string;
  let user: string;
  let clientId: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    process.env.FILE_BACKEND = backend;
    resetEnvForTests();
    resetApiRateLimiterForTests();
    admin = await sessionCookieFor((await seedUser("admin", { isAdmin: true })).id);
    user = await sessionCookieFor((await seedUser("bob")).id);
    clientId = (await seedClient({ id: "nextcloud" })).id;
  });
  afterEach(async () => {
    delete process.env.FILE_BACKEND;
    allowInternalLogoFetchesForTests(false);
    resetEnvForTests();
    await t.cleanup();
  });

  const path = (light = true, id = clientId) => `/api/oidc/clients/${encodeURIComponent(id)}/logo?light=${light}`;
  const get = (light = true, headers: Record<string, string> = {}, id = clientId) => logo.GET(req(path(light, id), { headers }), ctx({ id }));
  const post = (file: Blob | null, light = true, cookie = admin, id = clientId) => logo.POST(multipart(path(light, id), file, { cookie }), ctx({ id }));
  const postUrl = (url: string, light = true) => logo.POST(req(path(light), { method: "POST", json: { url }, cookie: admin, headers: ORIGIN }), ctx({ id: clientId }));
  const hasLogo = async () => {
    const res = await client.GET(req(`/api/oidc/clients/${clientId}`, { cookie: admin }), ctx({ id: clientId }));
    const body = await res.json();
    return [body.hasLogo, body.hasDarkLogo];
  };

  it("answers 404 image_not_found when a client has no logo, or does not exist", async () => {
    const res = await get();
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe("image_not_found");
    expect((await get(true, {}, "no-such-client")).status).toBe(404);
    expect(await hasLogo()).toEqual([false, false]);
  });

  it("uploads a PNG: stored without its EXIF, served publicly with ETag, 304 and Pocket ID's cache lifetime; audited", async () => {
    const res = await post(blob(await pngWithExif(), "image/png"));
    expect(res.status).toBe(204);
    const served = await get();
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toBe("public, max-age=900, stale-while-revalidate=43200");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    const bytes = Buffer.from(await served.arrayBuffer());
    expect(bytes.includes(Buffer.from("SecretCam"))).toBe(false);
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.exif]).toEqual(["png", 64, undefined]);
    const etag = served.headers.get("etag")!;
    expect((await get(true, { "if-none-match": etag })).status).toBe(304);
    expect((await get(true, {}, clientId)).headers.get("etag")).toBe(etag);
    expect(await hasLogo()).toEqual([true, false]);
    const audit = await db().auditLog.findMany({ where: { event: "CLIENT_LOGO_UPDATED" } });
    expect(audit.map((a) => JSON.parse(a.data))).toEqual([{ clientId, clientName: "Test Client", logo: "light", source: "upload" }]);
    if (backend === "filesystem") expect(existsSync(join(env().uploadPath, "oidc-client-images", "nextcloud.png"))).toBe(true);
    else expect(await db().storedFile.count({ where: { path: "oidc-client-images/nextcloud.png" } })).toBe(1);
  });

  it("serves the light logo for light=false until a dark one is uploaded", async () => {
    await post(blob(await pngWithExif("#ffffff"), "image/png"));
    const light = (await get(true)).headers.get("etag");
    expect((await get(false)).headers.get("etag")).toBe(light);
    expect((await post(blob(SAFE_SVG, "image/svg+xml"), false)).status).toBe(204);
    const dark = await get(false);
    expect(dark.headers.get("content-type")).toBe("image/svg+xml");
    expect(dark.headers.get("etag")).not.toBe(light);
    expect((await get(true)).headers.get("etag")).toBe(light);
    expect(await hasLogo()).toEqual([true, true]);
  });

  it("serves an SVG so that nothing in it can run: sandboxing CSP without script, exact type, nosniff", async () => {
    await post(blob(SAFE_SVG, "image/svg+xml"));
    const res = await get();
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("sandbox");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain("script-src");
    expect(await res.text()).toBe(SAFE_SVG);
  });

  it.each(EVIL_SVGS.map((s, i) => [i, s]))("refuses SVG #%s that carries script or entities with 400 invalid_image and a sentence", async (_i, svg) => {
    const res = await post(blob(svg as string, "image/svg+xml"));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("invalid_image");
    expect(body.error).toMatch(/^This SVG contains .+\. Remove it/);
    expect((await get()).status).toBe(404);
  });

  it("refuses what is not an accepted image, what is too large, and callers who are not admins", async () => {
    const text = await post(blob("hello, I am text", "image/png"));
    expect([text.status, (await text.json()).code]).toEqual([415, "file_type_not_supported"]);
    const pdf = await post(blob("%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", "image/png"));
    expect(pdf.status).toBe(415);
    const big = await post(blob(Buffer.alloc(2 * 1024 * 1024 + 10, 7), "image/png"));
    expect([big.status, (await big.json()).code]).toEqual([413, "file_too_large"]);
    const empty = await post(null);
    expect(empty.status).toBe(400);
    expect((await post(blob(await pngWithExif()), true, user)).status).toBe(403);
    expect((await logo.POST(multipart(path(), blob(await pngWithExif())), ctx({ id: clientId }))).status).toBe(401);
    expect((await logo.DELETE(req(path(), { method: "DELETE", cookie: user, headers: ORIGIN }), ctx({ id: clientId }))).status).toBe(403);
    expect((await post(blob(await pngWithExif()), true, admin, "no-such-client")).status).toBe(404);
    const badQuery = await logo.GET(req(`/api/oidc/clients/${clientId}/logo?light=maybe`), ctx({ id: clientId }));
    expect(badQuery.status).toBe(400);
  });

  it("replacing a logo with another type removes the old file; DELETE removes it and says so in the DTO and audit", async () => {
    await post(blob(await pngWithExif(), "image/png"));
    await post(blob(SAFE_SVG, "image/svg+xml"));
    expect((await get()).headers.get("content-type")).toBe("image/svg+xml");
    expect(await fileStorage().list("oidc-client-images")).toEqual(["nextcloud.svg"]);
    const del = await logo.DELETE(req(path(), { method: "DELETE", cookie: admin, headers: ORIGIN }), ctx({ id: clientId }));
    expect(del.status).toBe(204);
    expect((await get()).status).toBe(404);
    expect(await hasLogo()).toEqual([false, false]);
    expect(await fileStorage().list("oidc-client-images")).toEqual([]);
    expect(await db().auditLog.count({ where: { event: "CLIENT_LOGO_REMOVED" } })).toBe(1);
    // Nothing left to remove: still 204, no second audit row.
    expect((await logo.DELETE(req(path(), { method: "DELETE", cookie: admin, headers: ORIGIN }), ctx({ id: clientId }))).status).toBe(204);
    expect(await db().auditLog.count({ where: { event: "CLIENT_LOGO_REMOVED" } })).toBe(1);
  });

  it("deleting the client deletes its logo files", async () => {
    await post(blob(await pngWithExif(), "image/png"));
    await post(blob(SAFE_SVG, "image/svg+xml"), false);
    expect((await fileStorage().list("oidc-client-images")).sort()).toEqual(["nextcloud-dark.svg", "nextcloud.png"]);
    const res = await client.DELETE(req(`/api/oidc/clients/${clientId}`, { method: "DELETE", cookie: admin, headers: ORIGIN }), ctx({ id: clientId }));
    expect(res.status).toBe(204);
    expect(await fileStorage().list("oidc-client-images")).toEqual([]);
    if (backend === "filesystem") expect(readdirSync(join(env().uploadPath, "oidc-client-images"))).toEqual([]);
  });

  it("downloads a logo by URL (POST JSON and logoUrl on create/update), following a redirect, when the address is allowed", async () => {
    allowInternalLogoFetchesForTests(true);
    expect((await postUrl(`${base}/moved`)).status).toBe(204);
    expect((await get()).headers.get("content-type")).toBe("image/png");
    const created = await clients.POST(req("/api/oidc/clients", { method: "POST", cookie: admin, headers: ORIGIN, json: { name: "Grafana", callbackURLs: ["https://grafana.example.com/cb"], logoUrl: `${base}/logo.png`, darkLogoUrl: `${base}/logo.png` } }), undefined);
    expect(created.status).toBe(201);
    const body = await created.json();
    expect([body.hasLogo, body.hasDarkLogo]).toEqual([true, true]);
    const updated = await client.PUT(req(`/api/oidc/clients/${clientId}`, { method: "PUT", cookie: admin, headers: ORIGIN, json: { name: "Nextcloud", callbackURLs: ["https://app.example.com/cb"], darkLogoUrl: `${base}/logo.png` } }), ctx({ id: clientId }));
    expect(updated.status).toBe(200);
    expect([(await updated.json()).hasDarkLogo]).toEqual([true]);
    const audit = await db().auditLog.findMany({ where: { event: "CLIENT_LOGO_UPDATED" } });
    expect(audit.filter((a) => JSON.parse(a.data).source === "url")).toHaveLength(4);
  });

  it("refuses logos by URL from internal addresses, of the wrong type, or too large, and creates nothing then", async () => {
    const internal = await postUrl(`${base}/logo.png`);
    expect(internal.status).toBe(400);
    const b = await internal.json();
    expect(b.code).toBe("logo_download_failed");
    expect(b.error).toMatch(/does not connect to/);
    for (const url of ["http://169.254.169.254/latest/meta-data", "http://[::1]/x.png", "http://10.0.0.1/x.png"]) {
      expect((await (await postUrl(url)).json()).code).toBe("logo_download_failed");
    }
    expect((await (await postUrl("file:///etc/passwd")).json()).code).toBe("validation_failed");
    allowInternalLogoFetchesForTests(true);
    const html = await postUrl(`${base}/page.html`);
    expect([html.status, (await html.json()).code]).toEqual([415, "logo_type_not_supported"]);
    const huge = await postUrl(`${base}/huge.png`);
    expect([huge.status, (await huge.json()).code]).toEqual([413, "logo_too_large"]);
    const missing = await postUrl(`${base}/nope.png`);
    expect((await missing.json()).code).toBe("logo_download_failed");
    const before = await db().oidcClient.count();
    const created = await clients.POST(req("/api/oidc/clients", { method: "POST", cookie: admin, headers: ORIGIN, json: { name: "Bad", logoUrl: `${base}/page.html` } }), undefined);
    expect(created.status).toBe(415);
    expect(await db().oidcClient.count()).toBe(before);
  });

  it("stores a URL-shaped (CIMD) client id's logo under a hashed file name, never a path from the id", async () => {
    const id = "https://app.example.com/../../client.json";
    await db().oidcClient.create({ data: { id, name: "CIMD app", clientType: "cimd" } });
    expect((await post(blob(await pngWithExif(), "image/png"), true, admin, id)).status).toBe(204);
    const names = await fileStorage().list("oidc-client-images");
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(/^~[\w-]+\.png$/);
    expect((await get(true, {}, id)).status).toBe(200);
  });
});
