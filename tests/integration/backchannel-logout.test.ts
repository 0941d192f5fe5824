// OpenID Connect Back-Channel Logout 1.0 (issue 6 item 7): ending a session queues Logout Tokens in
// the same transaction, the outbox is drained with leases (two drainers never send a row twice),
// failed deliveries back off and are dropped after the maximum, and the receiver gets a token that
// verifies against our JWKS with the claims §2.4 prescribes. On SQLite and PostgreSQL, with a real
// HTTP receiver on loopback.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { POST as logoutPost } from "@/app/api/webauthn/logout/route";
import { GET as endSessionGet } from "@/app/api/oidc/end-session/route";
import { GET as jwksGet } from "@/app/.well-known/jwks.json/route";
import { POST as createClientRoute } from "@/app/api/oidc/clients/route";
import { GET as getClientRoute, PUT as putClientRoute } from "@/app/api/oidc/clients/[id]/route";
import { db } from "@/lib/db/client";
import { endSessions } from "@/lib/auth/session";
import { updateUser } from "@/lib/services/users/update-user";
import { BACKCHANNEL_LOGOUT_EVENT } from "@/lib/oidc/logout-token";
import { MAX_ATTEMPTS, backoffMs, drainBackchannelOutbox, type LogoutSender } from "@/lib/services/backchannel-logout/drain-outbox";
import { postForm } from "@/lib/http/outbound";
import { seedApiKey } from "../helpers/seed";

/** A relying party's back-channel logout endpoint: records each POST and answers `status`. */
interface Receiver {
  url: string;
  status: number;
  received: { contentType: string; body: URLSearchParams }[];
}
let server: Server;
const receiver: Receiver = { url: "", status: 200, received: [] };

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (c) => (body += c));
    request.on("end", () => {
      if (request.url === "/redirect") {
        response.writeHead(302, { location: `${receiver.url}` }).end();
        return;
      }
      receiver.received.push({ contentType: request.headers["content-type"] ?? "", body: new URLSearchParams(body) });
      response.writeHead(receiver.status, { "cache-control": "no-store" }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/backchannel`;
});
afterAll(async () => new Promise<void>((r) => server.close(() => r())));

describe.each(PROVIDERS)("back-channel logout on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userId: string;
  let secret: string;

  beforeEach(async () => {
    receiver.status = 200;
    receiver.received = [];
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient({ skipConsent: true })).secret!;
    await db().oidcClient.update({ where: { id: "test-client" }, data: { backchannelLogoutUri: receiver.url } });
  });
  afterEach(async () => t.cleanup());

  async function login(scope = "openid profile email") {
    const loc = await location(await authorizeGet(req(authorizeUrl({}, scope), { cookie })));
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: loc.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER }, headers: { authorization: basic("test-client", secret) } }));
    expect(res.status).toBe(200);
    return res.json();
  }
  const outbox = () => db().backchannelLogoutOutbox.findMany({ orderBy: { createdAt: "asc" } });
  const signOut = (c = cookie) => logoutPost(req("/api/webauthn/logout", { method: "POST", cookie: c, headers: { origin: TEST_APP_URL } }), undefined);

  it("signing out sends the app a Logout Token that verifies against the JWKS, with sub, sid and the event, and no nonce", async () => {
    const tokens = await login();
    const sid = decodeJwt(tokens.id_token).sid as string;
    expect(sid).toBeTruthy();

    expect((await signOut()).status).toBe(204);
    const rows = await outbox();
    expect(rows).toMatchObject([{ clientId: "test-client", userId, sessionId: sid, attempts: 0 }]);

    expect(await drainBackchannelOutbox()).toEqual({ sent: 1, retried: 0, dropped: 0 });
    expect(receiver.received).toHaveLength(1);
    const { contentType, body } = receiver.received[0];
    expect(contentType).toBe("application/x-www-form-urlencoded");
    const logoutToken = body.get("logout_token")!;
    const jwks = await (await jwksGet(req("/.well-known/jwks.json"))).json();
    const { payload, protectedHeader } = await jwtVerify(logoutToken, createLocalJWKSet(jwks), { issuer: TEST_APP_URL, audience: "test-client", typ: "logout+jwt" });
    expect(protectedHeader.alg).toBe("RS256");
    expect(payload).toMatchObject({ sub: userId, sid, events: { [BACKCHANNEL_LOGOUT_EVENT]: {} } });
    expect(payload).not.toHaveProperty("nonce");
    expect(typeof payload.jti).toBe("string");
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(120);

    // Delivered rows leave the outbox and the delivery is audited.
    expect(await outbox()).toHaveLength(0);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "BACKCHANNEL_LOGOUT_SENT" } });
    expect(audit.userId).toBe(userId);
    expect(JSON.parse(audit.data)).toMatchObject({ clientId: "test-client", sessionId: sid });
    // §2.7: the tokens of that session stop working (the family is revoked with the session).
    expect((await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${tokens.access_token}` } }))).status).toBe(401);
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
    expect(refreshed.status).toBe(400);
  });

  it("signs with the client's id_token alg", async () => {
    await db().oidcClient.update({ where: { id: "test-client" }, data: { idTokenSignedResponseAlg: "ES256" } });
    await login();
    expect((await signOut()).status).toBe(204);
    await drainBackchannelOutbox();
    const logoutToken = receiver.received[0].body.get("logout_token")!;
    expect(decodeProtectedHeader(logoutToken).alg).toBe("ES256");
    const jwks = await (await jwksGet(req("/.well-known/jwks.json"))).json();
    await jwtVerify(logoutToken, createLocalJWKSet(jwks), { issuer: TEST_APP_URL, audience: "test-client" });
  });

  it("keeps offline_access families alive (Back-Channel Logout §2.7) while still notifying the app", async () => {
    const tokens = await login("openid profile offline_access");
    expect((await signOut()).status).toBe(204);
    expect(await outbox()).toHaveLength(1);
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
    expect(refreshed.status).toBe(200);
  });

  it("queues nothing for apps without a back-channel URI or without tokens from the ended session", async () => {
    await seedClient({ id: "quiet-client", skipConsent: true });
    await login();
    // Another session of the same user that never signed in to an app.
    const other = await sessionCookieFor(userId);
    expect((await signOut(other)).status).toBe(204);
    expect(await outbox()).toHaveLength(0);
    await db().oidcClient.update({ where: { id: "test-client" }, data: { backchannelLogoutUri: null } });
    expect((await signOut()).status).toBe(204);
    expect(await outbox()).toHaveLength(0);
  });

  it("writes the outbox row in the session end's transaction: a rolled-back end queues nothing", async () => {
    await login();
    await expect(
      db().$transaction(async (tx) => {
        await endSessions(tx, { userId });
        expect(await tx.backchannelLogoutOutbox.count()).toBe(1);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await outbox()).toHaveLength(0);
    expect(await db().session.count({ where: { userId } })).toBe(1);
  });

  it("RP-initiated logout notifies the app (and every other app of that session)", async () => {
    await seedClient({ id: "second-client", skipConsent: true });
    await db().oidcClient.update({ where: { id: "second-client" }, data: { backchannelLogoutUri: `${receiver.url}?app=2`, logoutCallbackUrls: JSON.stringify([]) } });
    await db().oidcClient.update({ where: { id: "test-client" }, data: { logoutCallbackUrls: JSON.stringify(["https://app.example.com/bye"]) } });
    const tokens = await login();
    const loc2 = await location(await authorizeGet(req(authorizeUrl({ client_id: "second-client" }), { cookie })));
    expect(loc2.searchParams.get("code")).toBeTruthy();
    await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: loc2.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER }, headers: { authorization: basic("second-client", "s3cr3t-s3cr3t-s3cr3t-s3cr3t-xyz1") } }));

    const q = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: "https://app.example.com/bye", state: "st" });
    const res = await endSessionGet(req(`/api/oidc/end-session?${q}`, { cookie }));
    expect(res.headers.get("location")).toBe("https://app.example.com/bye?state=st");
    expect((await outbox()).map((r) => r.clientId).sort()).toEqual(["second-client", "test-client"]);
    expect(await drainBackchannelOutbox()).toMatchObject({ sent: 2 });
    const auds = receiver.received.map((r) => decodeJwt(r.body.get("logout_token")!).aud).sort();
    expect(auds).toEqual(["second-client", "test-client"]);
  });

  it("RP-initiated logout without the browser's cookie ends the session its hint names, tells the apps, and revokes that login's tokens", async () => {
    await db().oidcClient.update({ where: { id: "test-client" }, data: { logoutCallbackUrls: JSON.stringify(["https://app.example.com/bye"]) } });
    const tokens = await login();
    const sid = decodeJwt(tokens.id_token).sid as string;
    const q = new URLSearchParams({ id_token_hint: tokens.id_token, post_logout_redirect_uri: "https://app.example.com/bye" });
    const res = await endSessionGet(req(`/api/oidc/end-session?${q}`));
    expect(res.headers.get("location")).toBe("https://app.example.com/bye");
    expect(await db().session.findUnique({ where: { id: sid } })).toBeNull();
    expect(await outbox()).toMatchObject([{ clientId: "test-client", sessionId: sid }]);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "SIGN_OUT" } });
    expect(JSON.parse(audit.data)).toEqual({ method: "rp_initiated" });
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
    expect(refreshed.status).toBe(400);
  });

  it("RP-initiated logout revokes the tokens issued with the hint's ID token also when their session is long gone (inventory §2.13)", async () => {
    const tokens = await login("openid profile offline_access");
    await db().session.deleteMany({ where: { userId } });
    const res = await endSessionGet(req(`/api/oidc/end-session?${new URLSearchParams({ id_token_hint: tokens.id_token })}`));
    expect(new URL(res.headers.get("location")!).pathname).toBe("/logout");
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: tokens.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
    expect(refreshed.status).toBe(400);
  });

  it("a disabled user's apps are told with sub only when they do not need sid, per session when they do", async () => {
    await login();
    const admin = await seedUser("root", { isAdmin: true });
    await db().$transaction((tx) => updateUser(tx, { userId: admin.id, meta: { ip: null, userAgent: "" } }, userId, { disabled: true }));
    expect(await outbox()).toMatchObject([{ clientId: "test-client", sessionId: expect.any(String) }]);
    await db().backchannelLogoutOutbox.deleteMany();

    await db().user.update({ where: { id: userId }, data: { disabled: false } });
    cookie = await sessionCookieFor(userId);
    await login();
    await db().oidcClient.update({ where: { id: "test-client" }, data: { backchannelLogoutSessionRequired: false } });
    await db().$transaction((tx) => endSessions(tx, { userId }));
    expect(await outbox()).toMatchObject([{ clientId: "test-client", sessionId: null }]);
    await drainBackchannelOutbox();
    const payload = decodeJwt(receiver.received[0].body.get("logout_token")!);
    expect(payload.sub).toBe(userId);
    expect(payload).not.toHaveProperty("sid");
  });

  it("two drainers racing over the same rows send each row exactly once", async () => {
    await login();
    for (let i = 0; i < 5; i++) {
      const c = await sessionCookieFor(userId);
      const loc = await location(await authorizeGet(req(authorizeUrl(), { cookie: c })));
      await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: loc.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER }, headers: { authorization: basic("test-client", secret) } }));
    }
    await db().$transaction((tx) => endSessions(tx, { userId }));
    expect(await outbox()).toHaveLength(6);
    const [a, b] = await Promise.all([drainBackchannelOutbox(), drainBackchannelOutbox()]);
    expect(a.sent + b.sent).toBe(6);
    const sids = receiver.received.map((r) => decodeJwt(r.body.get("logout_token")!).sid);
    expect(new Set(sids).size).toBe(6);
    expect(sids).toHaveLength(6);
  });

  it("a claimed row is leased: another drainer skips it until the lease runs out", async () => {
    await login();
    expect((await signOut()).status).toBe(204);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: LogoutSender = async () => {
      await gate;
      return { status: 200, bodyStart: "" };
    };
    const first = drainBackchannelOutbox({ send: slow });
    // Wait until the first drainer holds the lease.
    while (!(await db().backchannelLogoutOutbox.findFirst({ where: { lockedUntil: { not: null } } }))) await new Promise((r) => setTimeout(r, 5));
    expect(await drainBackchannelOutbox()).toEqual({ sent: 0, retried: 0, dropped: 0 });
    release();
    expect(await first).toMatchObject({ sent: 1 });
    expect(receiver.received).toHaveLength(0);
  });

  it("retries with exponential backoff on errors, timeouts and redirects, then drops the row with an audit event", async () => {
    await login();
    expect((await signOut()).status).toBe(204);
    receiver.status = 500;
    let now = new Date();
    const row = (await outbox())[0];
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await drainBackchannelOutbox({ now })).toEqual({ sent: 0, retried: 1, dropped: 0 });
      const after = await db().backchannelLogoutOutbox.findUniqueOrThrow({ where: { id: row.id } });
      expect(after.attempts).toBe(attempt);
      expect(after.lockedUntil).toBeNull();
      expect(after.lastError).toContain("HTTP 500");
      expect(after.nextAttemptAt.getTime()).toBe(now.getTime() + backoffMs(attempt));
      // Not due yet: nothing happens a millisecond before.
      expect(await drainBackchannelOutbox({ now: new Date(after.nextAttemptAt.getTime() - 1) })).toEqual({ sent: 0, retried: 0, dropped: 0 });
      now = after.nextAttemptAt;
    }
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    expect(await drainBackchannelOutbox({ now })).toEqual({ sent: 0, retried: 0, dropped: 1 });
    expect(await outbox()).toHaveLength(0);
    expect(receiver.received).toHaveLength(MAX_ATTEMPTS);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "BACKCHANNEL_LOGOUT_FAILED" } });
    expect(JSON.parse(audit.data)).toMatchObject({ clientId: "test-client", attempts: String(MAX_ATTEMPTS), error: "HTTP 500" });
  });

  it("a redirect is a failed delivery, never followed", async () => {
    await db().oidcClient.update({ where: { id: "test-client" }, data: { backchannelLogoutUri: receiver.url.replace("/backchannel", "/redirect") } });
    await login();
    expect((await signOut()).status).toBe(204);
    expect(await drainBackchannelOutbox()).toEqual({ sent: 0, retried: 1, dropped: 0 });
    expect(receiver.received).toHaveLength(0);
    expect((await outbox())[0].lastError).toBe("HTTP 302");
  });

  it("a deleted user's apps are still told, and the delivery audit names the user in its data", async () => {
    await login();
    const { DELETE } = await import("@/app/api/users/[id]/route");
    const admin = await seedUser("root", { isAdmin: true });
    const { token: apiKey } = await seedApiKey(admin.id);
    const res = await DELETE(req(`/api/users/${userId}`, { method: "DELETE", headers: { "x-api-key": apiKey } }), ctx({ id: userId }));
    expect(res.status).toBeLessThan(300);
    expect(await drainBackchannelOutbox()).toMatchObject({ sent: 1 });
    expect(decodeJwt(receiver.received[0].body.get("logout_token")!).sub).toBe(userId);
    const audit = await db().auditLog.findFirstOrThrow({ where: { event: "BACKCHANNEL_LOGOUT_SENT" } });
    expect(audit.userId).toBeNull();
    expect(JSON.parse(audit.data).userId).toBe(userId);
  });

  it("the REST API sets, shows, keeps and clears the back-channel fields, with sentences for bad URLs", async () => {
    const admin = await seedUser("root", { isAdmin: true });
    const { token: apiKey } = await seedApiKey(admin.id);
    const headers = { "x-api-key": apiKey };
    const base = { name: "Grafana", callbackURLs: ["https://grafana.example.com/cb"] };
    const created = await createClientRoute(req("/api/oidc/clients", { json: { ...base, id: "grafana", backchannelLogoutURL: "https://grafana.example.com/logout/backchannel", backchannelLogoutSessionRequired: false }, headers }));
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ backchannelLogoutURL: "https://grafana.example.com/logout/backchannel", backchannelLogoutSessionRequired: false });

    // A PUT without the fields (the admin form) keeps them.
    const kept = await putClientRoute(req("/api/oidc/clients/grafana", { method: "PUT", json: base, headers }), ctx({ id: "grafana" }));
    expect(await kept.json()).toMatchObject({ backchannelLogoutURL: "https://grafana.example.com/logout/backchannel", backchannelLogoutSessionRequired: false });
    const cleared = await putClientRoute(req("/api/oidc/clients/grafana", { method: "PUT", json: { ...base, backchannelLogoutURL: null }, headers }), ctx({ id: "grafana" }));
    expect((await cleared.json()).backchannelLogoutURL).toBeNull();
    expect((await (await getClientRoute(req("/api/oidc/clients/grafana", { headers }), ctx({ id: "grafana" }))).json()).backchannelLogoutURL).toBeNull();

    for (const [url, says] of [
      ["https://grafana.example.com/logout#frag", "fragment"],
      ["javascript:alert(1)", "https://"],
      ["not a url", "full address"],
      ["https://user:pw@grafana.example.com/logout", "user name and password"],
    ] as const) {
      const res = await putClientRoute(req("/api/oidc/clients/grafana", { method: "PUT", json: { ...base, backchannelLogoutURL: url }, headers }), ctx({ id: "grafana" }));
      expect(res.status, url).toBe(400);
      const body = await res.json();
      expect(body.code).toBe("validation_failed");
      expect(JSON.stringify(body), url).toContain(says);
    }
  });
});

describe("outbound requests", () => {
  it("refuse link-local and metadata addresses, also written as IPv4-mapped IPv6", async () => {
    for (const url of ["http://169.254.169.254/latest", "http://[::ffff:169.254.169.254]/", "http://[fe80::1]/", "http://0.0.0.0/", "http://[fd00:ec2::254]/"]) {
      await expect(postForm(url, new URLSearchParams(), { timeoutMs: 1000, allowLinkLocal: false }), url).rejects.toThrow(/does not connect to/);
    }
  });

  it("time out a receiver that does not answer", async () => {
    const silent = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    await expect(postForm(url, new URLSearchParams({ a: "b" }), { timeoutMs: 200, allowLinkLocal: false })).rejects.toThrow(/no answer within 200 ms/);
    silent.closeAllConnections();
    await new Promise<void>((r) => silent.close(() => r()));
  });
});
