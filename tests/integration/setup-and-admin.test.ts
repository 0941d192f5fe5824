// First-run setup and the admin client API on SQLite and PostgreSQL: exactly one first admin,
// access rules (401/403/Origin), validation errors, secrets stored hashed.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as setupGet, POST as setupPost } from "@/app/api/signup/setup/route";
import { GET as listClients, POST as createClientRoute } from "@/app/api/oidc/clients/route";
import { POST as createSecret } from "@/app/api/oidc/clients/[id]/secrets/route";
import { POST as logout } from "@/app/api/webauthn/logout/route";
import { GET as me } from "@/app/api/users/me/route";
import { createClient } from "@/lib/services/oidc-clients/create-client";
import { sha256Hex } from "@/lib/crypto/hash";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/config/env";

const ORIGIN = { origin: TEST_APP_URL };
const admin = { username: "root", email: "root@example.com", firstName: "Root", lastName: "Admin" };

describe.each(PROVIDERS)("setup and admin API on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("creates the first admin once, signs them in, and closes setup", async () => {
    expect((await setupGet(req("/api/signup/setup"), undefined)).status).toBe(204);
    const res = await setupPost(req("/api/signup/setup", { json: admin, headers: ORIGIN }), undefined);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ username: "root", isAdmin: true });
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^access_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    // The session is a row: the cookie signs the admin in, the row holds only a hash.
    const token = cookie.split(";")[0].split("=")[1];
    expect((await me(req("/api/users/me", { cookie: `access_token=${token}` }), undefined)).status).toBe(200);
    expect(await db().session.count({ where: { tokenHash: sha256Hex(token) } })).toBe(1);
    expect(await db().auditLog.count({ where: { event: "ACCOUNT_CREATED" } })).toBe(1);

    const again = await setupPost(req("/api/signup/setup", { json: { ...admin, username: "second", email: "b@example.com" }, headers: ORIGIN }), undefined);
    expect(again.status).toBe(409);
    expect((await again.json()).code).toBe("setup_already_completed");
    expect((await setupGet(req("/api/signup/setup"), undefined)).status).toBe(404);
  });

  it("creates exactly one admin when setups race", async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        setupPost(req("/api/signup/setup", { json: { ...admin, username: `admin${i}`, email: `a${i}@example.com` }, headers: ORIGIN }), undefined),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    for (const r of results.filter((r) => r.status !== 201)) expect(r.status).toBe(409);
    expect(await db().user.count()).toBe(1);
  });

  it("validates setup input with field errors and refuses cross-site posts", async () => {
    const bad = await setupPost(req("/api/signup/setup", { json: { username: "-bad-", email: "nope", firstName: "" }, headers: ORIGIN }), undefined);
    expect(bad.status).toBe(400);
    const body = await bad.json();
    expect(body.code).toBe("validation_failed");
    expect(Object.keys(body.details)).toEqual(expect.arrayContaining(["username", "email", "firstName"]));
    const crossSite = await setupPost(req("/api/signup/setup", { json: admin, headers: { origin: "https://evil.example" } }), undefined);
    expect(crossSite.status).toBe(403);
    const noOrigin = await setupPost(req("/api/signup/setup", { json: admin }), undefined);
    expect(noOrigin.status).toBe(403);
    const notJson = await setupPost(req("/api/signup/setup", { form: { username: "x" }, headers: ORIGIN }), undefined);
    expect((await notJson.json()).code).toBe("invalid_request_body");
    expect(await db().user.count()).toBe(0);
  });

  it("lets only admins manage clients", async () => {
    const body = { name: "Grafana", callbackURLs: ["https://grafana.example.com/login/generic_oauth"] };
    expect((await createClientRoute(req("/api/oidc/clients", { json: body, headers: ORIGIN }), undefined)).status).toBe(401);
    const user = await seedUser("mallory");
    const userCookie = await sessionCookieFor(user.id);
    const forbidden = await createClientRoute(req("/api/oidc/clients", { json: body, headers: ORIGIN, cookie: userCookie }), undefined);
    expect(forbidden.status).toBe(403);
    expect((await forbidden.json()).code).toBe("forbidden");
    expect((await listClients(req("/api/oidc/clients", { cookie: userCookie }), undefined)).status).toBe(403);

    const root = await seedUser("root", { isAdmin: true });
    const cookie = await sessionCookieFor(root.id);
    const noOrigin = await createClientRoute(req("/api/oidc/clients", { json: body, cookie }), undefined);
    expect((await noOrigin.json()).code).toBe("invalid_origin");
    const created = await createClientRoute(req("/api/oidc/clients", { json: { ...body, id: "grafana" }, headers: ORIGIN, cookie }), undefined);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ id: "grafana", callbackURLs: body.callbackURLs, isPublic: false });
    const dup = await createClientRoute(req("/api/oidc/clients", { json: { ...body, id: "grafana" }, headers: ORIGIN, cookie }), undefined);
    expect((await dup.json()).code).toBe("client_id_already_exists");

    const secretRes = await createSecret(req("/api/oidc/clients/grafana/secrets", { method: "POST", headers: ORIGIN, cookie }), ctx({ id: "grafana" }));
    expect(secretRes.status).toBe(201);
    const { secret } = await secretRes.json();
    const stored = await db().oidcClientSecret.findFirstOrThrow({ where: { clientId: "grafana" } });
    expect(stored.secretHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(stored)).not.toContain(secret);
    expect(await db().auditLog.count({ where: { event: { in: ["CLIENT_CREATED", "CLIENT_SECRET_CREATED"] } } })).toBe(2);
  });

  it("rejects dangerous callback URLs and unknown fields", async () => {
    const root = await seedUser("root", { isAdmin: true });
    const cookie = await sessionCookieFor(root.id);
    const res = await createClientRoute(req("/api/oidc/clients", { json: { name: "X", callbackURLs: ["javascript:alert(1)"] }, headers: ORIGIN, cookie }), undefined);
    expect(res.status).toBe(400);
    expect((await res.json()).details).toHaveProperty(["callbackURLs.0"]);
    const extra = await createClientRoute(req("/api/oidc/clients", { json: { name: "X", secret: "mine" }, headers: ORIGIN, cookie }), undefined);
    expect(extra.status).toBe(400);
    expect(await db().oidcClient.count()).toBe(0);
  });

  it("refuses plain-http callback URLs on save when ALLOW_INSECURE_CALLBACK_URLS=false", async () => {
    const root = await seedUser("root", { isAdmin: true });
    process.env.ALLOW_INSECURE_CALLBACK_URLS = "false";
    resetEnvForTests();
    try {
      await expect(createClient({ name: "X", callbackURLs: ["http://app.example.com/cb"] }, root.id, { ip: null, userAgent: "" }, { withSecret: false })).rejects.toThrow(/Plain http/);
      const ok = await createClient({ name: "Y", callbackURLs: ["http://127.0.0.1:8080/cb", "https://a.example/cb"] }, root.id, { ip: null, userAgent: "" }, { withSecret: false });
      expect(ok.client.callbackURLs).toHaveLength(2);
    } finally {
      delete process.env.ALLOW_INSECURE_CALLBACK_URLS;
      resetEnvForTests();
    }
  });

  it("forces PKCE on public clients and gives them no secret", async () => {
    const root = await seedUser("root", { isAdmin: true });
    const { client, secret } = await createClient({ name: "SPA", isPublic: true, pkceEnabled: false }, root.id, { ip: null, userAgent: "" }, { withSecret: true });
    expect(client.pkceEnabled).toBe(true);
    expect(secret).toBeNull();
  });

  it("signing out deletes the session row", async () => {
    const user = await seedUser("alice");
    const cookie = await sessionCookieFor(user.id);
    expect((await me(req("/api/users/me", { cookie }), undefined)).status).toBe(200);
    expect((await logout(req("/api/webauthn/logout", { method: "POST", cookie, headers: ORIGIN }), undefined)).status).toBe(204);
    expect((await me(req("/api/users/me", { cookie }), undefined)).status).toBe(401);
    expect(await db().session.count()).toBe(0);
    expect(await db().auditLog.count({ where: { event: "SIGN_OUT", userId: user.id } })).toBe(1);
  });

  it("treats disabled users and expired sessions as signed out", async () => {
    const user = await seedUser("alice");
    const cookie = await sessionCookieFor(user.id);
    await db().session.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await me(req("/api/users/me", { cookie }), undefined)).status).toBe(401);
    const cookie2 = await sessionCookieFor(user.id);
    await db().user.update({ where: { id: user.id }, data: { disabled: true } });
    expect((await me(req("/api/users/me", { cookie: cookie2 }), undefined)).status).toBe(401);
  });
});
