// Application images (issue 8 item 5, inventory §1.5/§3.3/§6.7) on SQLite and PostgreSQL with both
// file backends: bundled defaults, upload per kind with its type rules (email PNG/JPEG, favicon
// SVG/PNG/ICO), metadata stripped, SVG script refused, ETag/304 and Pocket ID's cache lifetime,
// DELETE only where Pocket ID allows it, admin-only default profile picture which then replaces
// the initials avatar, audit rows, and what other replicas see with FILE_BACKEND=database.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import sharp from "sharp";
import { NextRequest } from "next/server";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import * as logo from "@/app/api/application-images/logo/route";
import * as email from "@/app/api/application-images/email/route";
import * as background from "@/app/api/application-images/background/route";
import * as favicon from "@/app/api/application-images/favicon/route";
import * as dpp from "@/app/api/application-images/default-profile-picture/route";
import { GET as profilePng } from "@/app/api/users/[id]/profile-picture.png/route";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/config/env";
import { databaseStorage, fileStorage } from "@/lib/db/file-storage";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { applicationImageVersions } from "@/lib/services/application-images/load-application-image";

const ORIGIN = { origin: TEST_APP_URL };
type Handler = (r: NextRequest, c: undefined) => Promise<Response>;

function multipart(path: string, file: Blob | null, cookie?: string, method = "PUT") {
  const form = new FormData();
  if (file) form.append("file", file, "image");
  const body = new Response(form);
  return new NextRequest(new URL(path, TEST_APP_URL), {
    method,
    headers: { "x-pocketid-client-ip": "203.0.113.7", "content-type": body.headers.get("content-type")!, ...(cookie ? { cookie } : {}), ...ORIGIN },
    body: body.body,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1]);
}
const blob = (b: Buffer | string, type = "application/octet-stream") => new Blob([typeof b === "string" ? b : new Uint8Array(b)], { type });
const jpegWithExif = (w = 200, h = 100) =>
  sharp({ create: { width: w, height: h, channels: 3, background: "#c00" } }).withExif({ IFD0: { Make: "SecretCam", Copyright: "GPS 52.37N" } }).jpeg().toBuffer();
const png = (w = 64) => sharp({ create: { width: w, height: w, channels: 4, background: "#0c0" } }).png().toBuffer();
const webp = () => sharp({ create: { width: 64, height: 64, channels: 3, background: "#00c" } }).webp().toBuffer();
const ICO = Buffer.concat([Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0]), Buffer.alloc(60, 0)]);
const SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 4"><circle cx="2" cy="2" r="2" fill="#f0f"/></svg>`;

describe.each(PROVIDERS.flatMap((p) => (["filesystem", "database"] as const).map((b) => [p, b] as const)))("application images on %s with FILE_BACKEND=%s", (provider, backend) => {
  let t: TestDb;
  let admin: string;
  let adminId: string;
  let user: string;
  let userId: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    process.env.FILE_BACKEND = backend;
    resetEnvForTests();
    resetApiRateLimiterForTests();
    adminId = (await seedUser("admin", { isAdmin: true })).id;
    admin = await sessionCookieFor(adminId);
    userId = (await seedUser("bob")).id;
    user = await sessionCookieFor(userId);
  });
  afterEach(async () => {
    delete process.env.FILE_BACKEND;
    resetEnvForTests();
    await t.cleanup();
  });

  const get = (h: { GET: Handler }, path: string, headers: Record<string, string> = {}) => h.GET(req(path, { headers }), undefined);
  const put = (h: { PUT: Handler }, path: string, file: Blob | null, cookie = admin) => h.PUT(multipart(path, file, cookie), undefined);
  const del = (h: { DELETE: Handler }, path: string, cookie = admin) => h.DELETE(req(path, { method: "DELETE", cookie, headers: ORIGIN }), undefined);

  it("serves the bundled defaults: SVG logos (light and dark differ), SVG favicon, a PNG email logo; none for background", async () => {
    const light = await get(logo, "/api/application-images/logo?light=true");
    const dark = await get(logo, "/api/application-images/logo?light=false");
    expect([light.status, light.headers.get("content-type"), dark.headers.get("content-type")]).toEqual([200, "image/svg+xml", "image/svg+xml"]);
    expect(light.headers.get("etag")).not.toBe(dark.headers.get("etag"));
    expect(light.headers.get("cache-control")).toBe("public, max-age=900, stale-while-revalidate=86400");
    expect(await light.text()).toContain("<svg");
    expect((await get(favicon, "/api/application-images/favicon")).headers.get("content-type")).toBe("image/svg+xml");
    const mail = await get(email, "/api/application-images/email");
    expect((await sharp(Buffer.from(await mail.arrayBuffer())).metadata()).format).toBe("png");
    const bg = await get(background, "/api/application-images/background");
    expect([bg.status, (await bg.json()).code]).toEqual([404, "image_not_found"]);
    expect(await applicationImageVersions()).toEqual({ logoLight: null, logoDark: null, favicon: null, background: null, logoEmail: null, defaultProfilePicture: null });
  });

  it("uploads a light logo: metadata stripped, new ETag, 304 on revalidation, immutable when versioned, audited; the dark default stays", async () => {
    const before = (await get(logo, "/api/application-images/logo")).headers.get("etag");
    expect((await put(logo, "/api/application-images/logo?light=true", blob(await jpegWithExif(), "image/jpeg"))).status).toBe(204);
    const res = await get(logo, "/api/application-images/logo?light=true");
    expect(res.headers.get("content-type")).toBe("image/jpeg");
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.includes(Buffer.from("SecretCam"))).toBe(false);
    expect((await sharp(bytes).metadata()).exif).toBeUndefined();
    const etag = res.headers.get("etag")!;
    expect(etag).not.toBe(before);
    expect((await get(logo, "/api/application-images/logo", { "if-none-match": etag })).status).toBe(304);
    expect((await get(logo, `/api/application-images/logo?v=${etag.slice(1, -1)}`)).headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect((await get(logo, "/api/application-images/logo?light=false")).headers.get("content-type")).toBe("image/svg+xml");
    expect((await applicationImageVersions()).logoLight).toBe(etag.slice(1, -1));
    const audit = await db().auditLog.findMany({ where: { event: "APPLICATION_IMAGE_UPDATED" } });
    expect(audit.map((a) => [a.userId, JSON.parse(a.data)])).toEqual([[adminId, { image: "logoLight", type: "jpg" }]]);
  });

  it("replacing with another type leaves one file; DELETE resets a logo to the default and removes the background", async () => {
    await put(logo, "/api/application-images/logo?light=false", blob(await png(), "image/png"));
    await put(logo, "/api/application-images/logo?light=false", blob(SVG, "image/svg+xml"));
    expect(await fileStorage().list("application-images")).toEqual(["logoDark.svg"]);
    expect(await (await get(logo, "/api/application-images/logo?light=false")).text()).toBe(SVG);
    expect((await del(logo, "/api/application-images/logo?light=false")).status).toBe(204);
    expect(await (await get(logo, "/api/application-images/logo?light=false")).text()).not.toBe(SVG);
    await put(background, "/api/application-images/background", blob(await webp(), "image/webp"));
    expect((await get(background, "/api/application-images/background")).headers.get("content-type")).toBe("image/webp");
    expect((await del(background, "/api/application-images/background")).status).toBe(204);
    expect((await get(background, "/api/application-images/background")).status).toBe(404);
    expect(await db().auditLog.count({ where: { event: "APPLICATION_IMAGE_RESET" } })).toBe(2);
    expect(await fileStorage().list("application-images")).toEqual([]);
  });

  it("applies each kind's type rules: email PNG/JPEG only, favicon SVG/PNG/ICO only; no DELETE for them (405)", async () => {
    const svgMail = await put(email, "/api/application-images/email", blob(SVG, "image/svg+xml"));
    expect([svgMail.status, (await svgMail.json()).error]).toEqual([415, "SVG images are not accepted here. Upload a PNG or JPEG image."]);
    expect((await put(email, "/api/application-images/email", blob(await png(), "image/png"))).status).toBe(204);
    expect((await put(favicon, "/api/application-images/favicon", blob(await jpegWithExif(), "image/jpeg"))).status).toBe(415);
    expect((await put(favicon, "/api/application-images/favicon", blob(ICO, "image/x-icon"))).status).toBe(204);
    const ico = await get(favicon, "/api/application-images/favicon");
    expect([ico.headers.get("content-type"), Buffer.from(await ico.arrayBuffer()).equals(ICO)]).toEqual(["image/x-icon", true]);
    expect((await email.DELETE(req("/api/application-images/email", { method: "DELETE", cookie: admin, headers: ORIGIN }), undefined)).status).toBe(405);
    expect((await favicon.DELETE(req("/api/application-images/favicon", { method: "DELETE", cookie: admin, headers: ORIGIN }), undefined)).status).toBe(405);
  });

  it("refuses script in an SVG, non-images, oversized files, and anyone but an admin", async () => {
    const evil = await put(logo, "/api/application-images/logo", blob(`<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('/api/users')"/>`, "image/svg+xml"));
    expect([evil.status, (await evil.json()).code]).toEqual([400, "invalid_image"]);
    expect((await put(logo, "/api/application-images/logo", blob("<html><script>x</script></html>", "image/svg+xml"))).status).toBe(415);
    const big = await put(favicon, "/api/application-images/favicon", blob(Buffer.alloc(1024 * 1024 + 1), "image/png"));
    expect([big.status, (await big.json()).code]).toEqual([413, "file_too_large"]);
    expect((await put(logo, "/api/application-images/logo", blob(await png()), user)).status).toBe(403);
    expect((await logo.PUT(multipart("/api/application-images/logo", blob(await png())), undefined)).status).toBe(401);
    expect((await del(background, "/api/application-images/background", user)).status).toBe(403);
    expect((await get(logo, "/api/application-images/logo")).headers.get("content-type")).toBe("image/svg+xml");
  });

  it("the default profile picture: admin-only GET, 300×300 PNG, replaces the initials avatar until removed", async () => {
    expect((await dpp.GET(req("/api/application-images/default-profile-picture", { cookie: admin }), undefined)).status).toBe(404);
    expect((await dpp.GET(req("/api/application-images/default-profile-picture", { cookie: user }), undefined)).status).toBe(403);
    expect((await dpp.GET(req("/api/application-images/default-profile-picture"), undefined)).status).toBe(401);
    const avatar = await profilePng(req(`/api/users/${userId}/profile-picture.png`), { params: Promise.resolve({ id: userId }) });
    const avatarTag = avatar.headers.get("etag");
    expect((await put(dpp, "/api/application-images/default-profile-picture", blob(await jpegWithExif(600, 300), "image/jpeg"))).status).toBe(204);
    const got = await dpp.GET(req("/api/application-images/default-profile-picture", { cookie: admin }), undefined);
    expect(got.headers.get("cache-control")).toBe("private, no-cache");
    const meta = await sharp(Buffer.from(await got.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height, meta.exif]).toEqual(["png", 300, 300, undefined]);
    const pic = await profilePng(req(`/api/users/${userId}/profile-picture.png`), { params: Promise.resolve({ id: userId }) });
    expect(pic.headers.get("etag")).not.toBe(avatarTag);
    expect(pic.headers.get("etag")).toBe(`"d${got.headers.get("etag")!.slice(1, -1)}"`);
    expect(Buffer.from(await pic.arrayBuffer()).equals(Buffer.from(await (await dpp.GET(req("/api/application-images/default-profile-picture", { cookie: admin }), undefined)).arrayBuffer()))).toBe(true);
    expect((await del(dpp, "/api/application-images/default-profile-picture")).status).toBe(204);
    const back = await profilePng(req(`/api/users/${userId}/profile-picture.png`), { params: Promise.resolve({ id: userId }) });
    expect(back.headers.get("etag")).toBe(avatarTag);
  });

  it.runIf(backend === "database")("with FILE_BACKEND=database another replica (another storage instance) serves the same image at once", async () => {
    await put(logo, "/api/application-images/logo", blob(await png(), "image/png"));
    const other = databaseStorage();
    const file = await other.read("application-images/logoLight.png");
    expect(file?.sha256).toBe((await get(logo, "/api/application-images/logo")).headers.get("etag")!.slice(1, -1));
  });
});
