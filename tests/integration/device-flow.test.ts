// The OAuth 2.0 device authorization grant (RFC 8628; inventory §2.14), on SQLite and PostgreSQL: the
// device authorization endpoint, approval and denial by the signed-in user (/api/oidc/device/*), and
// every answer of the polling token endpoint: authorization_pending, slow_down (stored interval),
// access_denied, expired_token, wrong client, reuse, and a race of two polls yielding one token set.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { POST as deviceAuthorize } from "@/app/api/oidc/device/authorize/route";
import { GET as deviceInfo } from "@/app/api/oidc/device/info/route";
import { POST as deviceVerify } from "@/app/api/oidc/device/verify/route";
import { POST as deviceDeny } from "@/app/api/oidc/device/deny/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import { purgeExpiredCeremonies } from "@/lib/services/cleanup";

const GRANT = "urn:ietf:params:oauth:grant-type:device_code";

describe.each(PROVIDERS)("device authorization grant on %s", (provider) => {
  let t: TestDb;
  let userId: string;
  let cookie: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient()).secret!;
  });
  afterEach(async () => t.cleanup());

  const auth = () => ({ authorization: basic("test-client", secret) });
  async function start(form: Record<string, string> = { scope: "openid profile email" }, headers: Record<string, string> = auth()) {
    const res = await deviceAuthorize(req("/api/oidc/device/authorize", { form, headers }));
    expect(res.status).toBe(200);
    return res.json() as Promise<{ device_code: string; user_code: string; verification_uri: string; verification_uri_complete: string; expires_in: number; interval: number }>;
  }
  const poll = (device_code: string, headers: Record<string, string> = auth()) => token(req("/api/oidc/token", { form: { grant_type: GRANT, device_code }, headers }));
  const browser = (c = cookie) => ({ cookie: c, headers: { origin: TEST_APP_URL } });
  const approve = (code: string, c = cookie) => deviceVerify(req(`/api/oidc/device/verify?code=${encodeURIComponent(code)}`, { method: "POST", ...browser(c) }), ctx({}));
  const deny = (code: string) => deviceDeny(req(`/api/oidc/device/deny?code=${encodeURIComponent(code)}`, { method: "POST", ...browser() }), ctx({}));
  /** As if the device's last poll was long enough ago. */
  const agePoll = (deviceCode: string) =>
    db().oauthDeviceCode.update({ where: { deviceCodeHash: sha256Hex(deviceCode) }, data: { lastPolledAt: new Date(Date.now() - 60_000) } });

  it("answers the device and user codes of Pocket ID's shape, stores only hashes, and is advertised", async () => {
    const res = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { scope: "openid profile" }, headers: auth() }));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body).toMatchObject({ verification_uri: `${TEST_APP_URL}/device`, expires_in: 900, interval: 5 });
    expect(body.device_code).toMatch(/^pocket_id_dc_[A-Za-z0-9_-]{43}$/);
    expect(body.user_code).toMatch(/^E[ABCDEFGHJKMNPQRSTUVWXYZ0-9]{7}$/);
    expect(body.verification_uri_complete).toBe(`${TEST_APP_URL}/device?user_code=${body.user_code}`);
    const row = await db().oauthDeviceCode.findFirstOrThrow();
    expect(row.deviceCodeHash).toBe(sha256Hex(body.device_code));
    expect(JSON.stringify(row)).not.toContain(body.user_code);
    expect(row.scope).toBe("openid profile");

    const doc = await (await discovery(req("/.well-known/openid-configuration"))).json();
    expect(doc.device_authorization_endpoint).toBe(`${TEST_APP_URL}/api/oidc/device/authorize`);
    expect(doc.grant_types_supported).toContain(GRANT);
  });

  it("authenticates the client as the token endpoint does; public clients by client_id alone", async () => {
    const wrong = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { scope: "openid" }, headers: { authorization: basic("test-client", "nope") } }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: "invalid_client" });
    const none = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { client_id: "test-client", scope: "openid" } }));
    expect(none.status).toBe(401);
    await seedClient({ id: "tv-app", isPublic: true });
    const pub = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { client_id: "tv-app", scope: "openid" } }));
    expect(pub.status).toBe(200);
    const resource = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { client_id: "tv-app", scope: "openid", resource: "https://api.example.com" } }));
    expect(await resource.json()).toMatchObject({ error: "invalid_target" });
    const badResource = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { client_id: "tv-app", resource: "not a uri" } }));
    expect(await badResource.json()).toMatchObject({ error: "invalid_target" });
    const repeated = await deviceAuthorize(req(`/api/oidc/device/authorize`, { form: { client_id: "tv-app", scope: "openid", nonce: "short" } }));
    expect(await repeated.json()).toMatchObject({ error: "invalid_request" });
    expect(await db().oauthDeviceCode.count()).toBe(1);
  });

  it("keeps the device waiting, then gives it tokens once the user approves: ID token, refresh token, one grant family", async () => {
    const dc = await start({ scope: "openid profile email", nonce: "device-nonce-1" });
    const pending = await poll(dc.device_code);
    expect(pending.status).toBe(400);
    expect(pending.headers.get("cache-control")).toBe("no-store");
    expect(await pending.json()).toMatchObject({ error: "authorization_pending" });

    const info = await deviceInfo(req(`/api/oidc/device/info?code=${dc.user_code.toLowerCase()}`, browser()), ctx({}));
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ client: { id: "test-client", name: "Test Client" }, scope: ["openid", "profile", "email"], authorizationRequired: true, reauthenticationRequired: false });

    // Typed with a dash, spaces and the letter O for zero: the same code.
    const typed = `${dc.user_code.slice(0, 4)} - ${dc.user_code.slice(4)}`.replace(/0/g, "O");
    expect((await approve(typed)).status).toBe(204);
    expect(await db().auditLog.count({ where: { event: "NEW_DEVICE_CODE_AUTHORIZATION", userId } })).toBe(1);
    expect(JSON.parse((await db().userAuthorizedClient.findFirstOrThrow()).scope)).toEqual(["openid", "profile", "email"]);

    await agePoll(dc.device_code);
    const res = await poll(dc.device_code);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ token_type: "Bearer", scope: "openid profile email" });
    expect(typeof body.refresh_token).toBe("string");
    const id = decodeJwt(body.id_token);
    expect(id).toMatchObject({ sub: userId, aud: ["test-client"], nonce: "device-nonce-1", amr: ["phr"] });
    expect(id).not.toHaveProperty("sid");
    expect((await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${body.access_token}` } }))).status).toBe(200);
    const grant = await db().oauthGrant.findFirstOrThrow();
    expect(await db().oauthRefreshToken.count({ where: { grantId: grant.id } })).toBe(1);
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: body.refresh_token }, headers: auth() }));
    expect(refreshed.status).toBe(200);

    // Single use: the device code gives tokens once, and the user code cannot be approved again.
    expect(await (await poll(dc.device_code)).json()).toMatchObject({ error: "invalid_grant" });
    const again = await approve(dc.user_code);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: "oidc_device_code_used" });
  });

  it("issues an access token for an API named by resource (RFC 8707), asking consent per API and permission", async () => {
    const API = "https://api.example.com";
    const api = await db().api.create({
      data: { name: "Items API", audience: API, permissions: { create: [{ key: "items:read", name: "Read items", description: "See your items" }, { key: "items:admin", name: "Administer items" }] } },
      include: { permissions: true },
    });
    const read = api.permissions.find((p) => p.key === "items:read")!;
    await db().oidcClientAllowedApi.create({ data: { oidcClientId: "test-client", apiId: api.id, subjectType: "user" } });
    await db().oidcClientAllowedApiPermission.create({ data: { oidcClientId: "test-client", apiPermissionId: read.id, subjectType: "user" } });

    // items:admin is not granted to this client: dropped, as /authorize drops it; unknown-scope too.
    const dc = await start({ scope: "openid items:read items:admin unknown-scope", resource: `${API}/` });
    const stored = await db().oauthDeviceCode.findFirstOrThrow();
    expect(stored.scope).toBe("openid items:read");
    expect(stored.resource).toContain(API);
    expect(stored.resource).not.toContain(`${API}/`);

    const { describeDeviceCode } = await import("@/lib/services/device-codes/describe-device-code");
    const { loadSession } = await import("@/lib/auth/session");
    const session = (await loadSession(cookie.slice(cookie.indexOf("=") + 1)))!;
    const view = await describeDeviceCode(dc.user_code, session, { ip: "203.0.113.9", userAgent: "test" });
    expect(view).toMatchObject({ state: "pending", apiAccess: true, authorizationRequired: true, scopeInfo: [{ key: "items:read", name: "Read items", description: "See your items" }] });

    expect((await approve(dc.user_code)).status).toBe(204);
    expect(JSON.parse((await db().userAuthorizedClient.findFirstOrThrow()).scope)).toEqual(["openid", `${API}\x1fitems:read`, `${API}\x1f`]);
    await agePoll(dc.device_code);
    const res = await poll(dc.device_code);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.scope).toBe("openid items:read");
    const access = decodeJwt(body.access_token);
    expect(access.aud).toContain(API);
    expect(access.scope).toBe("openid items:read");

    // The consent now covers this API and permission: a second device code needs no new consent.
    const again = await start({ scope: "openid items:read", resource: API });
    expect(await describeDeviceCode(again.user_code, session, { ip: "203.0.113.9", userAgent: "test" })).toMatchObject({ authorizationRequired: false });

    // A permission key without its API's resource is invalid_scope, as at /authorize.
    const noResource = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { scope: "openid items:read" }, headers: auth() }));
    expect(await noResource.json()).toMatchObject({ error: "invalid_scope" });
  });

  it("answers slow_down to a poll within the interval and stores the grown interval on the code", async () => {
    const dc = await start();
    expect(await (await poll(dc.device_code)).json()).toMatchObject({ error: "authorization_pending" });
    const fast = await poll(dc.device_code);
    expect(fast.status).toBe(400);
    expect(await fast.json()).toMatchObject({ error: "slow_down" });
    expect((await db().oauthDeviceCode.findFirstOrThrow()).intervalSeconds).toBe(10);
    expect(await (await poll(dc.device_code)).json()).toMatchObject({ error: "slow_down" });
    expect((await db().oauthDeviceCode.findFirstOrThrow()).intervalSeconds).toBe(15);
    await agePoll(dc.device_code);
    expect(await (await poll(dc.device_code)).json()).toMatchObject({ error: "authorization_pending" });
  });

  it("tells the device access_denied when the user denies, and the code cannot be approved afterwards", async () => {
    const dc = await start();
    expect((await deny(dc.user_code)).status).toBe(204);
    expect(await db().auditLog.count({ where: { event: "DEVICE_CODE_DENIED" } })).toBe(1);
    const res = await poll(dc.device_code);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "access_denied" });
    expect(await (await approve(dc.user_code)).json()).toMatchObject({ code: "oidc_device_code_used" });
    expect(await db().oauthAccessToken.count()).toBe(0);
  });

  it("answers expired_token for an expired code, and the page's API says it expired", async () => {
    const dc = await start();
    await db().oauthDeviceCode.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    const res = await poll(dc.device_code);
    expect(await res.json()).toMatchObject({ error: "expired_token" });
    const info = await deviceInfo(req(`/api/oidc/device/info?code=${dc.user_code}`, browser()), ctx({}));
    expect(info.status).toBe(400);
    expect(await info.json()).toMatchObject({ code: "oidc_device_code_expired" });
    expect(await (await approve(dc.user_code)).json()).toMatchObject({ code: "oidc_device_code_expired" });
  });

  it("refuses another client's device code without spending it, and an unknown one", async () => {
    const dc = await start();
    await approve(dc.user_code);
    const other = await seedClient({ id: "other-client", secret: "other-secret-other-secret-0123" });
    const res = await poll(dc.device_code, { authorization: basic(other.id, other.secret!) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
    expect(await (await poll("pocket_id_dc_unknown")).json()).toMatchObject({ error: "invalid_grant" });
    expect(await (await token(req("/api/oidc/token", { form: { grant_type: GRANT }, headers: auth() }))).json()).toMatchObject({ error: "invalid_request" });
    expect((await poll(dc.device_code)).status).toBe(200);
  });

  it("gives one token set to two polls racing for an approved code", async () => {
    const dc = await start();
    await approve(dc.user_code);
    const results = await Promise.all([poll(dc.device_code), poll(dc.device_code), poll(dc.device_code)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 400, 400]);
    const bodies = await Promise.all(results.map((r) => r.json()));
    for (const b of bodies.filter((b) => b.error)) expect(b).toMatchObject({ error: "invalid_grant" });
    expect(await db().oauthGrant.count()).toBe(1);
    expect(await db().oauthRefreshToken.count()).toBe(1);
    expect(await db().oauthAccessToken.count()).toBe(1);
  });

  it("honours the client's group restriction and requiresReauthentication like /authorize", async () => {
    const dc = await start();
    await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: true } });
    const info = await deviceInfo(req(`/api/oidc/device/info?code=${dc.user_code}`, browser()), ctx({}));
    expect(info.status).toBe(403);
    expect(await info.json()).toMatchObject({ code: "access_denied", error: "You're not allowed to access this service." });
    expect((await approve(dc.user_code)).status).toBe(403);

    await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: false, requiresReauthentication: true } });
    // The session predates the device's request: a fresh passkey is needed first.
    await db().session.updateMany({ data: { authTime: new Date(Date.now() - 10 * 60_000) } });
    const stale = await approve(dc.user_code);
    expect(stale.status).toBe(401);
    expect(await stale.json()).toMatchObject({ code: "reauthentication_required" });
    // A login code is never a fresh passkey.
    const otpCookie = await sessionCookieFor(userId, ["otp"]);
    expect((await approve(dc.user_code, otpCookie)).status).toBe(401);
    // Signed in with the passkey just now: approved.
    const fresh = await sessionCookieFor(userId, ["phr"]);
    expect((await approve(dc.user_code, fresh)).status).toBe(204);
    // A user disabled after approving gets nothing.
    await db().user.update({ where: { id: userId }, data: { disabled: true } });
    await agePoll(dc.device_code);
    expect(await (await poll(dc.device_code)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("needs a signed-in user with this site's Origin to approve, and says so for an unknown code", async () => {
    const dc = await start();
    const anonymous = await deviceVerify(req(`/api/oidc/device/verify?code=${dc.user_code}`, { method: "POST", headers: { origin: TEST_APP_URL } }), ctx({}));
    expect(anonymous.status).toBe(401);
    const crossSite = await deviceVerify(req(`/api/oidc/device/verify?code=${dc.user_code}`, { method: "POST", cookie, headers: { origin: "https://evil.example" } }), ctx({}));
    expect(crossSite.status).toBe(403);
    const unknown = await approve("EAAA-AAAA");
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: "oidc_invalid_device_code", error: "This code is not valid. Check the code shown on your device and try again." });
    expect((await db().oauthDeviceCode.findFirstOrThrow()).status).toBe("pending");
  });

  it("rate limits user-code lookups per address, so codes cannot be guessed", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await deviceInfo(req(`/api/oidc/device/info?code=EAAAAAA${i % 10}`, browser()), ctx({}))).status);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });

  it("purges device codes an hour after they expired, keeping recent ones so /device can say 'expired'", async () => {
    const old = await start();
    const recent = await start();
    await db().oauthDeviceCode.update({ where: { deviceCodeHash: sha256Hex(old.device_code) }, data: { expiresAt: new Date(Date.now() - 2 * 3600_000) } });
    await db().oauthDeviceCode.update({ where: { deviceCodeHash: sha256Hex(recent.device_code) }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect((await purgeExpiredCeremonies()).deviceCodes).toBe(1);
    expect(await (await poll(recent.device_code)).json()).toMatchObject({ error: "expired_token" });
    expect(await (await poll(old.device_code)).json()).toMatchObject({ error: "invalid_grant" });
  });
});
