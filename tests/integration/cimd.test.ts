// Client ID Metadata Documents (inventory §2.17) through the real /authorize route on SQLite and
// PostgreSQL, with the document served by a local HTTP server: materialised as a public PKCE
// client, cached, refreshed on expiry (consents revoked when redirects change), registered clients
// first, allowlist gating, no-store refused.
import { createServer, type Server } from "node:http";
import { resetAppConfigForTests } from "@/lib/config/app-config";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, TEST_APP_URL, freshDatabase, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { POST as deviceAuthorize } from "@/app/api/oidc/device/authorize/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import { POST as refreshMetadata } from "@/app/api/oidc/clients/[id]/refresh/route";
import { GET as getClient, PUT as putClient } from "@/app/api/oidc/clients/[id]/route";
import { loadSession } from "@/lib/auth/session";
import { encodePathId } from "@/lib/http/path-id";
import { describeInteraction } from "@/lib/services/interactions";
import { db } from "@/lib/db/client";
import { allowInternalCimdFetchesForTests } from "@/lib/http/cimd-clients";
import { CIMD_USER_AGENT } from "@/lib/http/cimd-fetch";
import { tokenEndpoint } from "@/lib/oidc/token";
import type { OidcStore } from "@/lib/oidc/store";
import { oidcContext, refreshTokenSecret } from "@/lib/http/oidc-context";
import { oauthErrorResponse } from "@/lib/http/oauth-response";
import { signingKey } from "@/lib/keys";

const CB = "https://app.example/callback";
let server: Server;
let base = "";
let hits = 0;
let userAgent: string | undefined;
let document: (url: string) => object = (url) => ({ client_id: url, client_name: "Local CIMD App", redirect_uris: [CB] });
let cacheControl = "max-age=600";

beforeAll(async () => {
  server = createServer((request, res) => {
    hits++;
    userAgent = request.headers["user-agent"];
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": cacheControl });
    res.end(JSON.stringify(document(`${base}${request.url}`)));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const ENV = ["UI_CONFIG_DISABLED", "CIMD_URL_ALLOWLIST"];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

describe.each(PROVIDERS)("Client ID Metadata Documents on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let alice: { id: string };
  let id: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    alice = await seedUser("alice");
    cookie = await sessionCookieFor(alice.id);
    Object.assign(process.env, { UI_CONFIG_DISABLED: "true", CIMD_URL_ALLOWLIST: JSON.stringify([`${base}/clients/*`]) });
    resetAppConfigForTests();
    allowInternalCimdFetchesForTests(true);
    hits = 0;
    cacheControl = "max-age=600";
    document = (url) => ({ client_id: url, client_name: "Local CIMD App", redirect_uris: [CB] });
    id = `${base}/clients/${provider}-${Math.random().toString(36).slice(2)}.json`;
  });
  afterEach(async () => {
    allowInternalCimdFetchesForTests(false);
    for (const k of ENV) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    await t.cleanup();
  });

  const authorize = (params: Record<string, string> = {}) => authorizeGet(req(authorizeUrl({ client_id: id, redirect_uri: CB, ...params }), { cookie }));

  it("materialises the document as a public PKCE client and lets /authorize go on to the consent step", async () => {
    const loc = await location(await authorize());
    expect(loc.pathname).toBe("/interaction");
    expect(userAgent).toBe(CIMD_USER_AGENT);
    const row = await db().oidcClient.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ clientType: "cimd", name: "Local CIMD App", isPublic: true, pkceEnabled: true, metadataGrantTypes: '["authorization_code"]' });
    expect(JSON.parse(row.callbackUrls)).toEqual([CB]);
    expect(row.metadataExpiresAt!.getTime()).toBeGreaterThan(Date.now() + 500_000);
  });

  it("advertises client_id_metadata_document_supported only while the allowlist is non-empty", async () => {
    const doc = async () => (await (await discovery(req("/.well-known/openid-configuration"))).json()) as Record<string, unknown>;
    expect((await doc()).client_id_metadata_document_supported).toBe(true);
    process.env.CIMD_URL_ALLOWLIST = "[]";
    resetAppConfigForTests();
    expect((await doc()).client_id_metadata_document_supported).toBeUndefined();
  });

  it("runs the code flow to tokens as a public client, and refuses grants the document does not declare", async () => {
    await authorize();
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: id, scope: JSON.stringify(["openid", "profile", "email", "groups"]) } });
    const loc = await location(await authorize());
    expect(loc.origin + loc.pathname).toBe(CB);
    const code = loc.searchParams.get("code")!;
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, client_id: id, code_verifier: VERIFIER } }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token?: string; refresh_token?: string };
    expect(body.access_token).toBeTruthy();
    // Inventory §2.18: the document declares no refresh_token grant, so none is issued or stored.
    expect(body.refresh_token).toBeUndefined();
    expect(await db().oauthRefreshToken.count({ where: { clientId: id } })).toBe(0);
    const refresh = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: "whatever", client_id: id } }));
    expect(refresh.status).toBe(400);
    expect(((await refresh.json()) as { error: string }).error).toBe("unauthorized_client");
    const device = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { client_id: id, scope: "openid" } }));
    expect(((await device.json()) as { error: string }).error).toBe("unauthorized_client");
  });

  /**
   * The token endpoint's error path asks whether the client still exists (an admin's delete racing
   * the request answers invalid_client). It asked through the request's store, which fetched a URL
   * client's document again when its row was gone: one more outbound request, and the deleted
   * client came back, so the answer was a 500. Through the store seam: the client is deleted right
   * after it authenticated, and the grant's transaction then fails unexpectedly.
   */
  it("answers invalid_client for a client deleted while its token request runs, without fetching its document again", async () => {
    await authorize();
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: id, scope: JSON.stringify(["openid"]) } });
    const code = (await location(await authorize())).searchParams.get("code")!;
    const before = hits;
    const form = { grant_type: "authorization_code", code, redirect_uri: CB, client_id: id, code_verifier: VERIFIER };
    const request = req("/api/oidc/token", { form });
    const context = oidcContext(request);
    const store: OidcStore = {
      ...context.store,
      async findClientWithSecrets(clientId, now) {
        const found = await context.store.findClientWithSecrets(clientId, now);
        await db().oidcClient.delete({ where: { id: clientId } });
        return found;
      },
      transaction: () => Promise.reject(new Error("the connection dropped")),
    };
    let res: Response;
    try {
      await tokenEndpoint(new URLSearchParams(form), null, { ...context, store, key: await signingKey(), refreshSecret: refreshTokenSecret() });
      res = new Response(null, { status: 200 });
    } catch (e) {
      res = oauthErrorResponse(e, "token");
    }
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_client");
    expect(hits).toBe(before);
    expect(await db().oidcClient.count({ where: { id } })).toBe(0);
  });

  it("issues and rotates refresh tokens when the document declares refresh_token", async () => {
    document = (url) => ({ client_id: url, redirect_uris: [CB], grant_types: ["authorization_code", "refresh_token"] });
    await authorize();
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: id, scope: JSON.stringify(["openid", "profile", "email", "groups"]) } });
    const code = (await location(await authorize())).searchParams.get("code")!;
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, client_id: id, code_verifier: VERIFIER } }));
    const body = (await res.json()) as { refresh_token?: string };
    expect(body.refresh_token).toBeTruthy();
    const refreshed = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: body.refresh_token!, client_id: id } }));
    expect(refreshed.status).toBe(200);
    expect(((await refreshed.json()) as { refresh_token?: string }).refresh_token).toBeTruthy();
  });

  it("audits each fetch: stored (with consent revocation) and failed", async () => {
    await authorize();
    const fetched = await db().auditLog.findFirstOrThrow({ where: { event: "CIMD_METADATA_FETCHED" } });
    expect(JSON.parse(fetched.data)).toMatchObject({ clientId: id, clientName: "Local CIMD App", consentsRevoked: "false" });
    expect(fetched.userId).toBeNull();
    await db().oidcClient.update({ where: { id }, data: { metadataExpiresAt: new Date(Date.now() - 1000) } });
    cacheControl = "no-store";
    await authorize();
    const failed = await db().auditLog.findFirstOrThrow({ where: { event: "CIMD_METADATA_FETCH_FAILED" } });
    expect(JSON.parse(failed.data)).toMatchObject({ clientId: id });
    expect(JSON.parse(failed.data).error).toContain("no-store");
    // The failure keeps the last good document.
    expect((await db().oidcClient.findUniqueOrThrow({ where: { id } })).name).toBe("Local CIMD App");
  });

  it("marks the app as unverified on the consent step, with the host its document came from", async () => {
    const loc = await location(await authorize());
    const session = await loadSession(cookie.slice(cookie.indexOf("=") + 1));
    const interaction = await describeInteraction(loc.searchParams.get("interaction")!, session);
    expect(interaction?.currentStep).toBe("consent");
    expect(interaction?.client.unverifiedHost).toBe(new URL(base).host);
  });

  describe("admin REST", () => {
    let admin: string;
    beforeEach(async () => {
      admin = await sessionCookieFor((await seedUser("root", { isAdmin: true })).id);
    });
    const as = (method: string, path: string, body?: unknown) => req(path, { method, cookie: admin, headers: { origin: TEST_APP_URL }, ...(body ? { json: body } : {}) });

    it("reads the client by its ~base64url path id; a plain URL-shaped id in a segment finds nothing", async () => {
      await authorize();
      const encoded = encodePathId(id);
      expect(encoded.startsWith("~")).toBe(true);
      const res = await getClient(as("GET", `/api/oidc/clients/${encoded}`), ctx({ id: encoded }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id, clientType: "cimd", name: "Local CIMD App" });
      expect((await getClient(as("GET", "/api/oidc/clients/~not*base64"), ctx({ id: "~not*base64" }))).status).toBe(404);
    });

    it("refreshes the document on demand: re-fetched, consents revoked when redirects changed, audited with the admin", async () => {
      await authorize();
      await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: id, scope: '["openid"]' } });
      document = (url) => ({ client_id: url, client_name: "Renamed", redirect_uris: [CB, "https://app.example/second"] });
      const encoded = encodePathId(id);
      const res = await refreshMetadata(as("POST", `/api/oidc/clients/${encoded}/refresh`), ctx({ id: encoded }));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ id, name: "Renamed", consentsRevoked: true, callbackURLs: [CB, "https://app.example/second"] });
      expect(hits).toBe(2);
      expect(await db().userAuthorizedClient.count({ where: { clientId: id } })).toBe(0);
      const audit = await db().auditLog.findFirstOrThrow({ where: { event: "CIMD_METADATA_FETCHED", userId: { not: null } } });
      expect(JSON.parse(audit.data)).toMatchObject({ clientId: id, consentsRevoked: "true" });

      cacheControl = "no-store";
      const failed = await refreshMetadata(as("POST", `/api/oidc/clients/${encoded}/refresh`), ctx({ id: encoded }));
      expect(failed.status).toBe(502);
      expect(await failed.json()).toMatchObject({ code: "cimd_fetch_failed" });
      expect((await db().oidcClient.findUniqueOrThrow({ where: { id } })).name).toBe("Renamed");
    });

    it("refuses to refresh a registered client, and a non-admin", async () => {
      await seedClient();
      const res = await refreshMetadata(as("POST", "/api/oidc/clients/test-client/refresh"), ctx({ id: "test-client" }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: "not_cimd_client" });
      const user = await refreshMetadata(req("/api/oidc/clients/test-client/refresh", { method: "POST", cookie, headers: { origin: TEST_APP_URL } }), ctx({ id: "test-client" }));
      expect(user.status).toBe(403);
    });

    it("changes only locally managed fields on PUT (inventory §2.17): the document's name and URIs stay", async () => {
      await authorize();
      const encoded = encodePathId(id);
      const res = await putClient(
        as("PUT", `/api/oidc/clients/${encoded}`, { name: "Hijacked", description: "Our AI agent", callbackURLs: ["https://evil.example/cb"], isPublic: false, requiresReauthentication: true, credentials: { federatedIdentities: [{ issuer: "https://ci.example", subject: "repo:x", audience: id, jwks: "https://ci.example/jwks" }] } }),
        ctx({ id: encoded }),
      );
      expect(res.status).toBe(200);
      const row = await db().oidcClient.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ name: "Local CIMD App", description: "Our AI agent", isPublic: true, pkceEnabled: true, requiresReauthentication: true });
      expect(JSON.parse(row.callbackUrls)).toEqual([CB]);
      // It authenticates with `none` only (Pocket ID #1718): no federated identity is stored.
      expect(JSON.parse(row.federatedIdentities ?? "[]")).toEqual([]);
    });
  });

  it("allows the device grant when the document declares it", async () => {
    document = (url) => ({ client_id: url, grant_types: ["urn:ietf:params:oauth:grant-type:device_code"] });
    const device = await deviceAuthorize(req("/api/oidc/device/authorize", { form: { client_id: id, scope: "openid" } }));
    expect(device.status).toBe(200);
    expect(((await device.json()) as { device_code?: string }).device_code).toBeTruthy();
  });

  it("forces PKCE: a request without code_challenge goes back to the client with invalid_request", async () => {
    const loc = await location(await authorize({ code_challenge: "", code_challenge_method: "" }));
    expect(loc.origin + loc.pathname).toBe(CB);
    expect(loc.searchParams.get("error")).toBe("invalid_request");
  });

  it("refuses a redirect_uri the document does not list, on the provider's own error page", async () => {
    const loc = await location(await authorize({ redirect_uri: "https://evil.example/cb" }));
    expect(loc.pathname).toBe("/interaction/error");
  });

  it("uses the cached document until it expires, then re-fetches and revokes consents when the redirects changed", async () => {
    await authorize();
    await authorize();
    expect(hits).toBe(1);
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: id, scope: '["openid"]' } });
    await db().oidcClient.update({ where: { id }, data: { metadataExpiresAt: new Date(Date.now() - 1000) } });
    document = (url) => ({ client_id: url, client_name: "Renamed", redirect_uris: [CB, "https://app.example/other"] });
    expect((await location(await authorize())).pathname).toBe("/interaction");
    expect(hits).toBe(2);
    const row = await db().oidcClient.findUniqueOrThrow({ where: { id } });
    expect(row.name).toBe("Renamed");
    expect(await db().userAuthorizedClient.count({ where: { clientId: id } })).toBe(0);
  });

  it("keeps consents when a refresh changes nothing security-relevant", async () => {
    await authorize();
    await db().userAuthorizedClient.create({ data: { userId: alice.id, clientId: id, scope: '["openid"]' } });
    await db().oidcClient.update({ where: { id }, data: { metadataExpiresAt: new Date(Date.now() - 1000) } });
    document = (url) => ({ client_id: url, client_name: "Renamed", redirect_uris: [CB] });
    await authorize();
    expect(hits).toBe(2);
    expect(await db().userAuthorizedClient.count({ where: { clientId: id } })).toBe(1);
  });

  it("lets a registered client with the same id take precedence (never fetched)", async () => {
    await seedClient({ id, isPublic: true, callbacks: ["https://registered.example/cb"] });
    const loc = await location(await authorize({ redirect_uri: "https://registered.example/cb" }));
    expect(loc.pathname).toBe("/interaction");
    expect(hits).toBe(0);
    expect((await db().oidcClient.findUniqueOrThrow({ where: { id } })).clientType).toBe("standard");
  });

  it.each([
    ["the allowlist is empty", () => (process.env.CIMD_URL_ALLOWLIST = "[]")],
    ["the URL is outside the allowlist", () => (process.env.CIMD_URL_ALLOWLIST = JSON.stringify([`${base}/other/*`]))],
    ["the default fetcher is used (http and loopback refused)", () => allowInternalCimdFetchesForTests(false)],
  ])("treats the client as unknown when %s", async (_name, setup) => {
    setup();
    resetAppConfigForTests();
    const loc = await location(await authorize());
    expect(loc.pathname).toBe("/interaction/error");
    expect(hits).toBe(0);
    expect(await db().oidcClient.count({ where: { id } })).toBe(0);
  });

  it("refuses a document served with Cache-Control: no-store and stores nothing", async () => {
    cacheControl = "no-store";
    const loc = await location(await authorize());
    expect(loc.pathname).toBe("/interaction/error");
    expect(hits).toBe(1);
    expect(await db().oidcClient.count({ where: { id } })).toBe(0);
  });

  it("refuses a document that asks for a client secret method", async () => {
    document = (url) => ({ client_id: url, redirect_uris: [CB], token_endpoint_auth_method: "client_secret_basic" });
    expect((await location(await authorize())).pathname).toBe("/interaction/error");
    expect(await db().oidcClient.count({ where: { id } })).toBe(0);
  });
});
