// Introspection (RFC 7662, inventory §2.12), revocation (RFC 7009), userinfo by GET and POST (RFC 6750
// §2.1-2.2) and CORS on exactly the endpoints of inventory §1.6, through the route handlers, on SQLite
// and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token, OPTIONS as tokenOptions } from "@/app/api/oidc/token/route";
import { GET as userinfoGet, POST as userinfoPost, OPTIONS as userinfoOptions } from "@/app/api/oidc/userinfo/route";
import { POST as introspectPost, OPTIONS as introspectOptions } from "@/app/api/oidc/introspect/route";
import * as revokeRoute from "@/app/api/oidc/revoke/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import { db } from "@/lib/db/client";

describe.each(PROVIDERS)("introspection, revocation, userinfo and CORS on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userId: string;
  let secret: string;
  let otherSecret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient({ skipConsent: true })).secret!;
    otherSecret = (await seedClient({ id: "other-client", secret: "other-secret-other-secret-0123" })).secret!;
  });
  afterEach(async () => t.cleanup());

  async function login() {
    const loc = await location(await authorizeGet(req(authorizeUrl({}), { cookie })));
    const res = await token(req("/api/oidc/token", {
      form: { grant_type: "authorization_code", code: loc.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER },
      headers: { authorization: basic("test-client", secret) },
    }));
    return res.json();
  }
  const introspect = (form: Record<string, string>, authorization: string | null = basic("test-client", secret)) =>
    introspectPost(req("/api/oidc/introspect", { method: "POST", form, headers: authorization ? { authorization } : {} }));
  const revoke = (form: Record<string, string>, authorization: string | null = basic("test-client", secret)) =>
    revokeRoute.POST(req("/api/oidc/revoke", { method: "POST", form, headers: authorization ? { authorization } : {} }));
  const userinfo = (accessToken: string) => userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${accessToken}` } }));

  describe("introspection", () => {
    it("reports the caller's own access and refresh tokens as active, with Pocket ID's fields", async () => {
      const body = await login();
      const res = await introspect({ token: body.access_token });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.json()).toMatchObject({
        active: true, iss: TEST_APP_URL, client_id: "test-client", sub: userId, username: userId,
        aud: ["test-client", TEST_APP_URL], scope: "openid profile email groups",
      });
      const refresh = await (await introspect({ token: body.refresh_token, token_type_hint: "refresh_token" })).json();
      expect(refresh).toMatchObject({ active: true, client_id: "test-client", sub: userId, token_type: "refresh_token" });
      expect(typeof refresh.exp).toBe("number");
    });

    it("says only active:false for another client's token, garbage, and rotated or revoked tokens", async () => {
      const body = await login();
      const other = await (await introspect({ token: body.access_token }, basic("other-client", otherSecret))).json();
      expect(other).toEqual({ active: false });
      expect(await (await introspect({ token: "garbage" })).json()).toEqual({ active: false });
      expect(await (await introspect({ token: "a.b.c" })).json()).toEqual({ active: false });
      await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: body.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
      expect(await (await introspect({ token: body.refresh_token })).json()).toEqual({ active: false });
      expect(await (await introspect({ token: body.access_token })).json()).toEqual({ active: false });
    });

    it("reports tokens of a disabled user as inactive", async () => {
      const body = await login();
      await db().user.update({ where: { id: userId }, data: { disabled: true } });
      expect(await (await introspect({ token: body.access_token })).json()).toEqual({ active: false });
    });

    it("requires client authentication (401), accepts a Bearer access token of the client, refuses public clients", async () => {
      const body = await login();
      const anonymous = await introspect({ token: body.access_token }, null);
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toMatchObject({ error: "invalid_client" });
      expect((await introspect({ token: body.access_token }, basic("test-client", "wrong-secret-wrong-secret"))).status).toBe(401);
      const bearer = await introspect({ token: body.refresh_token }, `Bearer ${body.access_token}`);
      expect(await bearer.json()).toMatchObject({ active: true, client_id: "test-client" });
      await seedClient({ id: "spa", isPublic: true });
      expect((await introspect({ token: body.access_token, client_id: "spa" }, null)).status).toBe(401);
      const missing = await introspect({});
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: "invalid_request" });
    });
  });

  describe("revocation", () => {
    it("revokes a refresh token's whole family, access tokens included, and answers 200 with no body", async () => {
      const body = await login();
      const res = await revoke({ token: body.refresh_token, token_type_hint: "refresh_token" });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      expect(await res.text()).toBe("");
      expect((await userinfo(body.access_token)).status).toBe(401);
      const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: body.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
      expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
      expect(await db().auditLog.count({ where: { event: "TOKEN_REVOKED" } })).toBe(1);
    });

    it("revokes just the access token when given one", async () => {
      const body = await login();
      expect((await revoke({ token: body.access_token })).status).toBe(200);
      expect((await userinfo(body.access_token)).status).toBe(401);
      const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: body.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
      expect(refreshed.status).toBe(200);
    });

    it("answers 200 without effect for unknown tokens and for another client's tokens", async () => {
      const body = await login();
      expect((await revoke({ token: "unknown-token" })).status).toBe(200);
      expect((await revoke({ token: body.refresh_token }, basic("other-client", otherSecret))).status).toBe(200);
      expect((await revoke({ token: body.access_token }, basic("other-client", otherSecret))).status).toBe(200);
      expect((await userinfo(body.access_token)).status).toBe(200);
    });

    it("requires client authentication and a token", async () => {
      expect((await revoke({ token: "x" }, null)).status).toBe(401);
      expect((await revoke({ token: "x" }, basic("test-client", "nope-nope-nope-nope"))).status).toBe(401);
      expect(await (await revoke({})).json()).toMatchObject({ error: "invalid_request" });
    });

    it("is advertised in discovery, with introspection", async () => {
      const doc = await (await discovery()).json();
      expect(doc.revocation_endpoint).toBe(`${TEST_APP_URL}/api/oidc/revoke`);
      expect(doc.introspection_endpoint).toBe(`${TEST_APP_URL}/api/oidc/introspect`);
      expect(doc.grant_types_supported).toEqual(expect.arrayContaining(["authorization_code", "refresh_token", "client_credentials"]));
    });
  });

  describe("userinfo", () => {
    it("answers GET with a header token, POST with a header token and POST with a form-body token", async () => {
      const body = await login();
      expect((await userinfo(body.access_token)).status).toBe(200);
      const header = await userinfoPost(req("/api/oidc/userinfo", { method: "POST", headers: { authorization: `Bearer ${body.access_token}` } }));
      expect(await header.json()).toMatchObject({ sub: userId });
      const form = await userinfoPost(req("/api/oidc/userinfo", { form: { access_token: body.access_token } }));
      expect(form.status).toBe(200);
      expect(await form.json()).toMatchObject({ sub: userId, email: "alice@example.com" });
    });

    it("refuses a refresh token and a token in the query string", async () => {
      const body = await login();
      expect((await userinfo(body.refresh_token)).status).toBe(401);
      const query = await userinfoGet(req(`/api/oidc/userinfo?access_token=${body.access_token}`));
      expect(query.status).toBe(400);
    });
  });

  describe("CORS (inventory §1.6)", () => {
    it("answers preflights with 204 on token, userinfo and introspection, and adds the headers to their answers", async () => {
      for (const options of [tokenOptions, userinfoOptions, introspectOptions]) {
        const res = await options();
        expect(res.status).toBe(204);
        expect(res.headers.get("access-control-allow-origin")).toBe("*");
        expect(res.headers.get("access-control-allow-methods")).toContain("POST");
        expect(res.headers.get("access-control-allow-headers")).toContain("Authorization");
      }
      const body = await login();
      expect((await userinfo(body.access_token)).headers.get("access-control-allow-origin")).toBe("*");
      expect((await introspect({ token: body.access_token })).headers.get("access-control-allow-origin")).toBe("*");
      const err = await token(req("/api/oidc/token", { form: { grant_type: "nope" }, headers: { authorization: basic("test-client", secret) } }));
      expect(err.headers.get("access-control-allow-origin")).toBe("*");
    });

    it("has none on revocation and /authorize", async () => {
      expect("OPTIONS" in revokeRoute).toBe(false);
      const res = await revoke({ token: "x" });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const err = await revoke({ token: "x" }, null);
      expect(err.headers.get("access-control-allow-origin")).toBeNull();
      const authorize = await authorizeGet(req(authorizeUrl({}), { cookie }));
      expect(authorize.headers.get("access-control-allow-origin")).toBeNull();
    });
  });
});
