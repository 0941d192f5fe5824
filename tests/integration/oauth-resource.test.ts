// OAuth APIs / resource indicators at the protocol endpoints (issue 6 item 8; inventory §2.16,
// RFC 8707): /authorize and PAR with `resource`, consent per API, the code exchange's token
// audience and scope, refresh keeping and re-validating the API, client_credentials with resource,
// introspection. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { POST as introspectPost } from "@/app/api/oidc/introspect/route";
import { POST as parPost } from "@/app/api/oidc/par/route";
import { POST as completeRoute } from "@/app/api/oidc/interactions/[id]/complete/route";
import { describeInteraction } from "@/lib/services/interactions";
import { loadSession } from "@/lib/auth/session";
import { db } from "@/lib/db/client";

const API = "https://api.example.com";

describe.each(PROVIDERS)("OAuth APIs and resource indicators on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userId: string;
  let secret: string;
  let perms: Record<string, string>;

  /** An API with read/write/admin; the test client gets user access with read+write, client access with admin. */
  async function seedApi() {
    const api = await db().api.create({
      data: {
        name: "Items API",
        audience: API,
        permissions: {
          create: [
            { key: "items:read", name: "Read items", description: "See your items" },
            { key: "items:write", name: "Change items" },
            { key: "items:admin", name: "Administer items" },
          ],
        },
      },
      include: { permissions: true },
    });
    perms = Object.fromEntries(api.permissions.map((p) => [p.key, p.id]));
    await db().oidcClientAllowedApi.createMany({ data: [{ oidcClientId: "test-client", apiId: api.id, subjectType: "user" }, { oidcClientId: "test-client", apiId: api.id, subjectType: "client" }] });
    await db().oidcClientAllowedApiPermission.createMany({
      data: [
        { oidcClientId: "test-client", apiPermissionId: perms["items:read"], subjectType: "user" },
        { oidcClientId: "test-client", apiPermissionId: perms["items:write"], subjectType: "user" },
        { oidcClientId: "test-client", apiPermissionId: perms["items:admin"], subjectType: "client" },
      ],
    });
    return api;
  }

  beforeEach(async () => {
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient({ skipConsent: true })).secret!;
    await seedApi();
  });
  afterEach(async () => t.cleanup());

  const auth = () => ({ authorization: basic("test-client", secret) });
  const authorize = async (params: Record<string, string>, scope: string) => location(await authorizeGet(req(authorizeUrl(params, scope), { cookie })));
  const exchange = async (code: string, extra: Record<string, string> = {}) =>
    token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER, ...extra }, headers: auth() }));
  async function login(scope = "openid profile items:read", params: Record<string, string> = { resource: API }) {
    const loc = await authorize(params, scope);
    expect(loc.searchParams.get("error")).toBeNull();
    const res = await exchange(loc.searchParams.get("code")!);
    expect(res.status).toBe(200);
    return res.json();
  }
  const refresh = (refresh_token: string, extra: Record<string, string> = {}) => token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token, ...extra }, headers: auth() }));
  const clientCredentials = (form: Record<string, string>) => token(req("/api/oidc/token", { form: { grant_type: "client_credentials", ...form }, headers: auth() }));
  const introspect = (tokenValue: string) => introspectPost(req("/api/oidc/introspect", { form: { token: tokenValue }, headers: auth() }));

  describe("authorization code", () => {
    it("issues an access token for the API (aud = API + issuer, scope with the permission) that still works at userinfo; the ID token stays the client's", async () => {
      const body = await login();
      expect(body.scope).toBe("openid profile items:read");
      const at = decodeJwt(body.access_token);
      expect(at.aud).toEqual([API, TEST_APP_URL]);
      expect(at.scope).toBe("openid profile items:read");
      expect(decodeJwt(body.id_token).aud).toEqual(["test-client"]);
      expect((await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${body.access_token}` } }))).status).toBe(200);
      // Introspection reports the API audience and the granted permission.
      expect(await (await introspect(body.access_token)).json()).toMatchObject({ active: true, aud: [API, TEST_APP_URL], scope: "openid profile items:read" });
      expect(await (await introspect(body.refresh_token)).json()).toMatchObject({ active: true, aud: [API], scope: "openid profile items:read" });
    });

    it("gives a token only for the API, without the issuer, when no identity scope is asked; it is refused at userinfo", async () => {
      const body = await login("items:read items:write");
      const at = decodeJwt(body.access_token);
      expect(at.aud).toEqual([API]);
      expect(at.scope).toBe("items:read items:write");
      expect(body).not.toHaveProperty("id_token");
      expect((await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${body.access_token}` } }))).status).toBe(401);
    });

    it("accepts the resource with a trailing slash, and API access without any permission", async () => {
      const body = await login("openid", { resource: `${API}/` });
      expect(decodeJwt(body.access_token).aud).toEqual([API, TEST_APP_URL]);
      expect(body.scope).toBe("openid");
    });

    it("refuses an unknown API and an API the client was not granted with invalid_target, the same way", async () => {
      await db().api.create({ data: { name: "Other", audience: "https://other.example.com" } });
      for (const resource of ["https://unknown.example.com", "https://other.example.com"]) {
        const loc = await authorize({ resource }, "openid");
        expect(loc.searchParams.get("error")).toBe("invalid_target");
        expect(loc.searchParams.get("error_description")).toBe("The 'resource' or 'scope' parameter is invalid.");
        expect(loc.searchParams.get("state")).toBe("state-12345");
      }
      // Two APIs at once are refused too (one audience per token).
      const two = new URL(`http://x${authorizeUrl({ resource: API }, "openid")}&resource=${encodeURIComponent("https://other.example.com")}`);
      const loc = await location(await authorizeGet(req(`${two.pathname}${two.search}`, { cookie })));
      expect(loc.searchParams.get("error")).toBe("invalid_target");
    });

    it("refuses a permission granted only for client access with invalid_scope, and a permission without resource with invalid_scope", async () => {
      const clientOnly = await authorize({ resource: API }, "openid items:admin");
      expect(clientOnly.searchParams.get("error")).toBe("invalid_scope");
      const noResource = await authorize({}, "openid items:read");
      expect(noResource.searchParams.get("error")).toBe("invalid_scope");
      expect(noResource.searchParams.get("state")).toBe("state-12345");
    });

    it("drops unknown scopes as before, with or without resource", async () => {
      expect((await login("openid nonsense:scope", {})).scope).toBe("openid");
      expect((await login("openid items:read nonsense", { resource: API })).scope).toBe("openid items:read");
    });

    it("refuses a resource at the token endpoint that is not the code's API", async () => {
      const loc = await authorize({ resource: API }, "openid items:read");
      const res = await exchange(loc.searchParams.get("code")!, { resource: "https://other.example.com" });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe("invalid_target");
    });

    it("accepts resource and API permissions through PAR", async () => {
      const pushed = await parPost(
        req("/api/oidc/par", {
          form: { response_type: "code", client_id: "test-client", redirect_uri: CB, scope: "openid items:write", state: "state-12345", code_challenge: "x".repeat(43), code_challenge_method: "S256", resource: API },
          headers: auth(),
        }),
      );
      expect(pushed.status).toBe(201);
      const bad = await parPost(
        req("/api/oidc/par", {
          form: { response_type: "code", client_id: "test-client", redirect_uri: CB, scope: "openid", state: "state-12345", code_challenge: "x".repeat(43), code_challenge_method: "S256", resource: "https://unknown.example.com" },
          headers: auth(),
        }),
      );
      expect(bad.status).toBe(400);
      expect((await bad.json()).error).toBe("invalid_target");
    });
  });

  describe("consent", () => {
    it("asks again for API access and lists the permission's friendly name; remembers it per API", async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { skipConsent: false } });
      // Consent for openid profile alone.
      await db().userAuthorizedClient.create({ data: { userId, clientId: "test-client", scope: JSON.stringify(["openid", "profile"]) } });
      expect((await authorize({}, "openid profile")).searchParams.get("code")).not.toBeNull();
      // The same scopes plus an API: consent again, listing the permission.
      const loc = await authorize({ resource: API }, "openid profile items:read");
      expect(loc.pathname).toBe("/interaction");
      const id = loc.searchParams.get("interaction")!;
      const session = await loadSession(decodeURIComponent(cookie.split("=")[1]));
      const described = await describeInteraction(id, session);
      expect(described).toMatchObject({ currentStep: "consent", apiAccess: true, scopeInfo: [{ key: "items:read", name: "Read items", description: "See your items" }] });
      const done = await completeRoute(req(`/api/oidc/interactions/${id}/complete`, { json: { step: "consent" }, cookie, headers: { origin: TEST_APP_URL } }), ctx({ id }));
      expect(done.status).toBe(200);
      expect((await location(await authorizeGet(req(`/authorize?interaction=${id}`, { cookie })))).searchParams.get("code")).not.toBeNull();
      const stored = JSON.parse((await db().userAuthorizedClient.findFirstOrThrow({ where: { userId } })).scope) as string[];
      expect(stored).toEqual(expect.arrayContaining(["openid", "profile", `${API}\x1fitems:read`, `${API}\x1f`]));
      // Remembered now; another permission of the same API asks again.
      expect((await authorize({ resource: API }, "openid profile items:read")).searchParams.get("code")).not.toBeNull();
      expect((await authorize({ resource: API }, "openid items:write")).pathname).toBe("/interaction");
    });
  });

  describe("refresh", () => {
    it("keeps the API audience and scope, refuses another resource, and fails once the client lost the API", async () => {
      const body = await login("openid items:read");
      const next = await refresh(body.refresh_token);
      expect(next.status).toBe(200);
      const rotated = await next.json();
      expect(decodeJwt(rotated.access_token)).toMatchObject({ aud: [API, TEST_APP_URL], scope: "openid items:read" });
      // Naming the grant's own API is fine; another is invalid_target.
      const other = await refresh(rotated.refresh_token, { resource: "https://other.example.com" });
      expect(other.status).toBe(400);
      expect((await other.json()).error).toBe("invalid_target");
      const same = await refresh(rotated.refresh_token, { resource: API });
      expect(same.status).toBe(200);
      const third = await same.json();
      // A permission revoked since is dropped from the next tokens.
      await db().oidcClientAllowedApiPermission.deleteMany({ where: { apiPermissionId: perms["items:read"] } });
      const narrowed = await refresh(third.refresh_token);
      expect(narrowed.status).toBe(200);
      const fourth = await narrowed.json();
      expect(fourth.scope).toBe("openid");
      // Access to the API revoked: the next refresh fails.
      await db().oidcClientAllowedApi.deleteMany({ where: { oidcClientId: "test-client", subjectType: "user" } });
      const dead = await refresh(fourth.refresh_token);
      expect(dead.status).toBe(400);
      expect((await dead.json()).error).toBe("invalid_grant");
    });

    it("refuses a resource on refreshing a grant made without one", async () => {
      const body = await login("openid", {});
      expect(decodeJwt(body.access_token).aud).toEqual(["test-client", TEST_APP_URL]);
      const res = await refresh(body.refresh_token, { resource: API });
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe("invalid_target");
    });
  });

  describe("client credentials", () => {
    it("gives the API audience with every client permission when none is asked, and only what is asked otherwise", async () => {
      const all = await clientCredentials({ resource: API });
      expect(all.status).toBe(200);
      const body = await all.json();
      expect(body.scope).toBe("items:admin");
      expect(decodeJwt(body.access_token)).toMatchObject({ aud: [API], scope: "items:admin", sub: "client-test-client" });
      expect(await (await introspect(body.access_token)).json()).toMatchObject({ active: true, aud: [API], scope: "items:admin" });
      // Identity scopes are still stripped.
      expect((await (await clientCredentials({ resource: API, scope: "openid items:admin" })).json()).scope).toBe("items:admin");
    });

    it("refuses a user-only permission with invalid_scope, an unknown API with invalid_target, and keeps the old answer without resource", async () => {
      const userOnly = await clientCredentials({ resource: API, scope: "items:read" });
      expect(userOnly.status).toBe(400);
      expect((await userOnly.json()).error).toBe("invalid_scope");
      const unknown = await clientCredentials({ resource: "https://unknown.example.com" });
      expect(unknown.status).toBe(400);
      expect((await unknown.json()).error).toBe("invalid_target");
      const plain = await (await clientCredentials({})).json();
      expect(plain.scope).toBe("");
      expect(decodeJwt(plain.access_token).aud).toEqual(["test-client"]);
      // Client access revoked: the API is unknown to this client.
      await db().oidcClientAllowedApi.deleteMany({ where: { subjectType: "client" } });
      expect((await (await clientCredentials({ resource: API })).json()).error).toBe("invalid_target");
    });
  });
});
