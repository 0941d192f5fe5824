// Profile pictures (issue 9 item 2) on SQLite and PostgreSQL: upload at Pocket ID's routes
// (multipart `file`), centre-cropped 300×300 PNG without metadata, never SVG, size and type
// limits, reset to a generated initials avatar, ETag/304 and caching headers, admin upload and
// reset for any user, refusals on a locked account, audit rows, and the `picture` claim's URL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetAppConfigForTests } from "@/lib/config/app-config";
import sharp from "sharp";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedUser, sessionCookieFor } from "../helpers/seed";
import * as own from "@/app/api/users/me/profile-picture/route";
import { GET as ownPng } from "@/app/api/users/me/profile-picture.png/route";
import * as admin from "@/app/api/users/[id]/profile-picture/route";
import { GET as png } from "@/app/api/users/[id]/profile-picture.png/route";
import { db } from "@/lib/db/client";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";
import { NextRequest } from "next/server";

const ORIGIN = { origin: TEST_APP_URL };
const CONFIG_ENV = ["UI_CONFIG_DISABLED", "ALLOW_OWN_ACCOUNT_EDIT", "LDAP_ENABLED"];

/** A multipart upload as a browser's FormData sends it. */
function upload(path: string, file: Blob | null, opts: { cookie?: string; headers?: Record<string, string>; method?: string; field?: string } = {}) {
  const form = new FormData();
  if (file) form.append(opts.field ?? "file", file, "picture");
  const body = new Response(form);
  return new NextRequest(new URL(path, TEST_APP_URL), {
    method: opts.method ?? "PUT",
    headers: { "x-pocketid-client-ip": "203.0.113.7", "content-type": body.headers.get("content-type")!, ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.headers ?? ORIGIN) },
    body: body.body,
    duplex: "half",
  } as ConstructorParameters<typeof NextRequest>[1]);
}

/** A 600×300 JPEG, left half red and right half blue, carrying EXIF (camera, GPS-like data) and an ICC profile. */
async function photo(): Promise<Blob> {
  const left = await sharp({ create: { width: 300, height: 300, channels: 3, background: "#ff0000" } }).png().toBuffer();
  const bytes = await sharp({ create: { width: 600, height: 300, channels: 3, background: "#0000ff" } })
    .composite([{ input: left, left: 0, top: 0 }])
    .withExif({ IFD0: { Make: "SecretCam", Model: "Spy 3000", Copyright: "Alice at 52.37N 4.89E" } })
    .jpeg()
    .toBuffer();
  return new Blob([new Uint8Array(bytes)], { type: "image/jpeg" });
}

async function pixel(png: Buffer, x: number, y: number) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  const i = (y * info.width + x) * info.channels;
  return [data[i], data[i + 1], data[i + 2]];
}

describe.each(PROVIDERS)("profile pictures on %s", (provider) => {
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

  const get = (id: string, headers: Record<string, string> = {}, query = "") => png(req(`/api/users/${id}/profile-picture.png${query}`, { headers }), ctx({ id }));

  it("serves a generated 300×300 initials avatar by default, publicly, with an ETag, caching and 304 on revalidation", async () => {
    const res = await get(alice.id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("cache-control")).toBe("public, max-age=900");
    const etag = res.headers.get("etag")!;
    expect(etag).toMatch(/^"a[\w-]+"$/);
    const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 300, 300]);
    const again = await get(alice.id, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    // The same drawing for the same user each time; another user with other initials gets another.
    const bob = await seedUser("bob");
    expect((await get(bob.id)).headers.get("etag")).not.toBe(etag);
    expect((await get(alice.id)).headers.get("etag")).toBe(etag);
  });

  it("answers user_not_found for an unknown or malformed id, never a 500", async () => {
    expect((await get("00000000-0000-4000-8000-000000000000")).status).toBe(404);
    expect((await get("not\u0000an-id")).status).toBe(404);
  });

  it("uploads a photo: centre-cropped to 300×300 PNG, metadata stripped, new ETag, audited; the versioned URL is immutable", async () => {
    const before = (await get(alice.id)).headers.get("etag");
    const res = await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie }), undefined);
    expect(res.status).toBe(204);
    const served = await get(alice.id);
    const bytes = Buffer.from(await served.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 300, 300]);
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(bytes.includes(Buffer.from("SecretCam"))).toBe(false);
    // The centre of a 600×300 image split red|blue: the 300×300 crop shows both halves.
    const [r1, , b1] = await pixel(bytes, 20, 150);
    const [r2, , b2] = await pixel(bytes, 280, 150);
    expect([r1 > 200, b1 < 60, r2 < 60, b2 > 200]).toEqual([true, true, true, true]);
    const etag = served.headers.get("etag")!;
    expect(etag).not.toBe(before);
    const versioned = await get(alice.id, {}, `?v=${etag.slice(1, -1)}`);
    expect(versioned.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const mine = await ownPng(req("/api/users/me/profile-picture.png", { cookie }), undefined);
    expect(mine.headers.get("etag")).toBe(etag);
    expect(mine.headers.get("cache-control")).toBe("private, no-cache");
    const audit = await db().auditLog.findMany({ where: { event: "PROFILE_PICTURE_UPDATED", userId: alice.id } });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].data)).toEqual({});
  });

  it("resets to the initials avatar and audits it; resetting again changes nothing", async () => {
    const avatar = (await get(alice.id)).headers.get("etag");
    await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie }), undefined);
    const del = await own.DELETE(req("/api/users/me/profile-picture", { method: "DELETE", cookie, headers: ORIGIN }), undefined);
    expect(del.status).toBe(204);
    expect((await get(alice.id)).headers.get("etag")).toBe(avatar);
    expect((await own.DELETE(req("/api/users/me/profile-picture", { method: "DELETE", cookie, headers: ORIGIN }), undefined)).status).toBe(204);
    expect(await db().auditLog.count({ where: { event: "PROFILE_PICTURE_RESET", userId: alice.id } })).toBe(1);
  });

  it("refuses SVG, a text file and a damaged image with Pocket ID's codes, and keeps the old picture", async () => {
    const svg = new Blob(['<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'], { type: "image/svg+xml" });
    const svgRes = await own.PUT(upload("/api/users/me/profile-picture", svg, { cookie }), undefined);
    expect(svgRes.status).toBe(415);
    expect(await svgRes.json()).toMatchObject({ code: "file_type_not_supported", error: expect.stringMatching(/SVG/) });
    // Declared as PNG, but text: the bytes decide.
    const text = await own.PUT(upload("/api/users/me/profile-picture", new Blob(["hello, not an image"], { type: "image/png" }), { cookie }), undefined);
    expect(text.status).toBe(415);
    expect((await text.json()).code).toBe("file_type_not_supported");
    // A real PNG cut in half: its header reads fine, its pixels do not.
    const noise = new Uint8Array(200 * 200 * 3).map((_, i) => (i * 7919) % 251);
    const good = await sharp(noise, { raw: { width: 200, height: 200, channels: 3 } }).png().toBuffer();
    const damaged = await own.PUT(upload("/api/users/me/profile-picture", new Blob([new Uint8Array(good.subarray(0, good.length >> 1))], { type: "image/png" }), { cookie }), undefined);
    expect(damaged.status).toBe(400);
    expect((await damaged.json()).code).toBe("invalid_image");
    expect(await db().userProfilePicture.count()).toBe(0);
  });

  it("refuses a file over 10 MB with file_too_large (413) and a request without the file field", async () => {
    const big = new Blob([new Uint8Array(10 * 1024 * 1024 + 1)], { type: "image/jpeg" });
    const res = await own.PUT(upload("/api/users/me/profile-picture", big, { cookie }), undefined);
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe("file_too_large");
    const missing = await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie, field: "picture" }), undefined);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ code: "validation_failed", details: { file: expect.any(String) } });
    const json = await own.PUT(req("/api/users/me/profile-picture", { method: "PUT", json: { file: "x" }, cookie, headers: ORIGIN }), undefined);
    expect(json.status).toBe(400);
    expect((await json.json()).code).toBe("invalid_request_body");
  });

  it("refuses a huge pixel count (decompression bomb) with invalid_image", async () => {
    // 8,000 × 8,000 of one colour: a few KB as PNG, 64 megapixels decoded.
    const bomb = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: "#000000" } }).png({ compressionLevel: 9 }).toBuffer();
    const res = await own.PUT(upload("/api/users/me/profile-picture", new Blob([new Uint8Array(bomb)], { type: "image/png" }), { cookie }), undefined);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_image", error: expect.stringMatching(/megapixels/) });
  });

  it("refuses own uploads and resets on a locked account, while an admin may still set the picture", async () => {
    Object.assign(process.env, { UI_CONFIG_DISABLED: "true", ALLOW_OWN_ACCOUNT_EDIT: "false" });
    resetAppConfigForTests();
    const res = await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie }), undefined);
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: "forbidden", details: { reason: "account_edit_not_allowed" } });
    expect((await own.DELETE(req("/api/users/me/profile-picture", { method: "DELETE", cookie, headers: ORIGIN }), undefined)).status).toBe(403);
    Object.assign(process.env, { ALLOW_OWN_ACCOUNT_EDIT: "true", LDAP_ENABLED: "true" });
    resetAppConfigForTests();
    await db().user.update({ where: { id: alice.id }, data: { ldapId: "uid=alice" } });
    const ldap = await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie }), undefined);
    expect((await ldap.json()).code).toBe("ldap_user_update");

    const root = await seedUser("root", { isAdmin: true });
    const adminCookie = await sessionCookieFor(root.id);
    const set = await admin.PUT(upload(`/api/users/${alice.id}/profile-picture`, await photo(), { cookie: adminCookie }), ctx({ id: alice.id }));
    expect(set.status).toBe(204);
    const row = await db().auditLog.findFirstOrThrow({ where: { event: "PROFILE_PICTURE_UPDATED", userId: alice.id } });
    expect(JSON.parse(row.data)).toEqual({ actorUserId: root.id, actorUsername: "root" });
    expect((await admin.DELETE(req(`/api/users/${alice.id}/profile-picture`, { method: "DELETE", cookie: adminCookie, headers: ORIGIN }), ctx({ id: alice.id }))).status).toBe(204);
    expect(await db().userProfilePicture.count()).toBe(0);
  });

  it("keeps the admin routes for admins: 403 for a user, 404 for an unknown user, API keys work", async () => {
    const bob = await seedUser("bob");
    const bobCookie = await sessionCookieFor(bob.id);
    const forbidden = await admin.PUT(upload(`/api/users/${alice.id}/profile-picture`, await photo(), { cookie: bobCookie }), ctx({ id: alice.id }));
    expect(forbidden.status).toBe(403);
    expect((await admin.DELETE(req(`/api/users/${alice.id}/profile-picture`, { method: "DELETE", cookie: bobCookie, headers: ORIGIN }), ctx({ id: alice.id }))).status).toBe(403);
    const root = await seedUser("root", { isAdmin: true });
    const key = await seedApiKey(root.id);
    const unknown = "00000000-0000-4000-8000-000000000000";
    expect((await admin.PUT(upload(`/api/users/${unknown}/profile-picture`, await photo(), { headers: { "x-api-key": key.token } }), ctx({ id: unknown }))).status).toBe(404);
    expect((await admin.PUT(upload(`/api/users/${alice.id}/profile-picture`, await photo(), { headers: { "x-api-key": key.token } }), ctx({ id: alice.id }))).status).toBe(204);
  });

  it("refuses a cross-site upload with a session cookie", async () => {
    const res = await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie, headers: { origin: "https://evil.example" } }), undefined);
    expect(res.status).toBe(403);
    expect((await res.json()).code).toBe("invalid_origin");
  });

  it("deletes the picture with its user", async () => {
    await own.PUT(upload("/api/users/me/profile-picture", await photo(), { cookie }), undefined);
    expect(await db().userProfilePicture.count()).toBe(1);
    await db().user.delete({ where: { id: alice.id } });
    expect(await db().userProfilePicture.count()).toBe(0);
  });
});
