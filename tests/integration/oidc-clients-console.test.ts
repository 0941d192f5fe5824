// Issue 8 items 1 and 7 (clients): every §2.18 field over PUT, the clientType filter and group-count
// sort, the public /meta route, CIMD clients keeping their document's fields, delete cascading to
// secrets, consents and group links, and the services behind the console's tabs. SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as clients from "@/app/api/oidc/clients/route";
import * as client from "@/app/api/oidc/clients/[id]/route";
import * as meta from "@/app/api/oidc/clients/[id]/meta/route";
import * as secrets from "@/app/api/oidc/clients/[id]/secrets/route";
import * as secret from "@/app/api/oidc/clients/[id]/secrets/[secretId]/route";
import * as allowedGroups from "@/app/api/oidc/clients/[id]/allowed-user-groups/route";
import { db } from "@/lib/db/client";
import { transaction } from "@/lib/services/transaction";
import { setClientGroupRestriction } from "@/lib/services/oidc-clients/set-client-group-restriction";
import { setClientFederatedIdentities } from "@/lib/services/oidc-clients/set-client-federated-identities";
import { loadClientCallbacks } from "@/lib/services/oidc-clients/get-client-callbacks";
import { createClient } from "@/lib/services/oidc-clients/create-client";
import { ZodError } from "zod";

const json = async (r: Response) => r.json();
const FULL = {
  id: "wiki",
  name: "Wiki",
  description: "The team wiki",
  callbackURLs: ["https://wiki.example.com/cb", "https://*.wiki.example.com/cb"],
  logoutCallbackURLs: ["https://wiki.example.com/bye"],
  launchURL: "https://wiki.example.com/",
  requiresReauthentication: true,
  requiresPushedAuthorizationRequests: true,
  skipConsent: true,
  accessTokenDurationMinutes: 15,
  refreshTokenDurationMinutes: 1440,
  backchannelLogoutURL: "https://wiki.example.com/bc",
  backchannelLogoutSessionRequired: false,
  credentials: { federatedIdentities: [{ issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/wiki:ref:refs/heads/main", replayProtection: true }] },
};

describe.each(PROVIDERS)("client console REST and services on %s", (provider) => {
  let t: TestDb;
  let adminId: string;
  let h: Record<string, string>;
  const actor = () => ({ userId: adminId, meta: { ip: "203.0.113.7", userAgent: "vitest" } });
  beforeEach(async () => {
    t = await freshDatabase(provider);
    adminId = (await seedUser("root", { isAdmin: true })).id;
    h = { "x-api-key": (await seedApiKey(adminId)).token };
  });
  afterEach(async () => t.cleanup());

  it("creates and reads back every field, and PUT keeps what it leaves out of the newer fields", async () => {
    const created = await clients.POST(req("/api/oidc/clients", { json: FULL, headers: h }), undefined);
    expect(created.status).toBe(201);
    const body = await json(created);
    expect(body).toMatchObject({
      ...FULL,
      credentials: { federatedIdentities: [{ issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/wiki:ref:refs/heads/main", replayProtection: true }] },
      clientType: "standard",
      isGroupRestricted: false,
      hasLogo: false,
      metadataExpiresAt: null,
    });
    // The federated identity is what client authentication reads (lib/db/oidc-store parses this column).
    expect(JSON.parse((await db().oidcClient.findUniqueOrThrow({ where: { id: "wiki" } })).federatedIdentities)).toEqual([
      { issuer: "https://token.actions.githubusercontent.com", subject: "repo:acme/wiki:ref:refs/heads/main", replayProtection: true },
    ]);

    // A PUT written before these fields existed changes none of them.
    const put = (b: unknown) => client.PUT(req("/api/oidc/clients/wiki", { method: "PUT", json: b, headers: h }), ctx({ id: "wiki" }));
    const kept = await json(await put({ name: "Wiki 2", callbackURLs: ["https://wiki.example.com/cb"] }));
    expect(kept).toMatchObject({ name: "Wiki 2", requiresPushedAuthorizationRequests: true, accessTokenDurationMinutes: 15, refreshTokenDurationMinutes: 1440 });
    expect(kept.credentials.federatedIdentities).toHaveLength(1);
    // 0 and null mean the default lifetime; false turns PAR off; an empty list removes the identities.
    const reset = await json(await put({ name: "Wiki 2", requiresPushedAuthorizationRequests: false, accessTokenDurationMinutes: 0, refreshTokenDurationMinutes: null, credentials: { federatedIdentities: [] } }));
    expect(reset).toMatchObject({ requiresPushedAuthorizationRequests: false, accessTokenDurationMinutes: 60, refreshTokenDurationMinutes: 43200, credentials: { federatedIdentities: [] } });
  });

  it("refuses out-of-range lifetimes, ambiguous or unsafe federated identities, a taken ID and unknown clients, with stable codes", async () => {
    await clients.POST(req("/api/oidc/clients", { json: { id: "wiki", name: "Wiki" }, headers: h }), undefined);
    const put = (b: unknown) => client.PUT(req("/api/oidc/clients/wiki", { method: "PUT", json: { name: "Wiki", ...(b as object) }, headers: h }), ctx({ id: "wiki" }));
    const long = await put({ accessTokenDurationMinutes: 525_601 });
    expect(long.status).toBe(400);
    expect(await json(long)).toMatchObject({ code: "validation_failed", details: { accessTokenDurationMinutes: "Use at most 525600 minutes (one year)" } });
    expect((await json(await put({ refreshTokenDurationMinutes: 1.5 }))).details).toHaveProperty("refreshTokenDurationMinutes");
    const twiceRes = await put({ credentials: { federatedIdentities: [{ issuer: "https://ci.example.com" }, { issuer: "https://ci.example.com", subject: "other" }] } });
    const twice = await json(twiceRes);
    expect(twice).toMatchObject({ code: "validation_failed", details: { "credentials.federatedIdentities.1.issuer": "Use each issuer once: the token's issuer picks the identity" } });
    const plainJwks = await json(await put({ credentials: { federatedIdentities: [{ issuer: "https://ci.example.com", jwks: "file:///etc/jwks.json" }] } }));
    expect(plainJwks.details).toHaveProperty(["credentials.federatedIdentities.0.jwks"]);
    expect((await json(await put({ credentials: { federatedIdentities: [{ issuer: "" }] } }))).details).toHaveProperty(["credentials.federatedIdentities.0.issuer"]);
    expect((await json(await put({ credentials: { secrets: [] } }))).code).toBe("validation_failed");
    // Nothing of the refused requests was stored.
    expect(await db().oidcClient.findUniqueOrThrow({ where: { id: "wiki" } })).toMatchObject({ accessTokenDurationMinutes: 60, federatedIdentities: "[]" });

    const taken = await clients.POST(req("/api/oidc/clients", { json: { id: "wiki", name: "Other" }, headers: h }), undefined);
    expect(taken.status).toBe(409);
    expect((await json(taken)).code).toBe("client_id_already_exists");
    for (const res of [
      await client.PUT(req("/api/oidc/clients/nope", { method: "PUT", json: { name: "x" }, headers: h }), ctx({ id: "nope" })),
      await client.DELETE(req("/api/oidc/clients/nope", { method: "DELETE", headers: h }), ctx({ id: "nope" })),
      await meta.GET(req("/api/oidc/clients/nope/meta"), ctx({ id: "nope" })),
    ]) {
      expect(res.status).toBe(404);
      expect((await json(res)).code).toBe("not_found");
    }
    // Signed out: 401; signed in without admin: 403 (only /meta is public).
    expect((await client.PUT(req("/api/oidc/clients/wiki", { method: "PUT", json: { name: "x" } }), ctx({ id: "wiki" }))).status).toBe(401);
    const bob = await seedApiKey((await seedUser("bob")).id);
    expect((await client.DELETE(req("/api/oidc/clients/wiki", { method: "DELETE", headers: { "x-api-key": bob.token } }), ctx({ id: "wiki" }))).status).toBe(403);
    expect(await db().oidcClient.count({ where: { id: "wiki" } })).toBe(1);
  });

  it("filters by clientType and PAR, and sorts by the number of allowed groups", async () => {
    await seedClient({ id: "a" });
    await seedClient({ id: "b" });
    await db().oidcClient.create({ data: { id: "https://app.example.org/client.json", name: "CIMD app", clientType: "cimd", callbackUrls: '["https://app.example.org/cb"]' } });
    await db().oidcClient.update({ where: { id: "b" }, data: { requiresPushedAuthorizationRequests: true } });
    const [g1, g2] = await Promise.all([db().userGroup.create({ data: { name: "g1", friendlyName: "G1" } }), db().userGroup.create({ data: { name: "g2", friendlyName: "G2" } })]);
    await db().oidcClientAllowedGroup.createMany({ data: [{ oidcClientId: "b", userGroupId: g1.id }, { oidcClientId: "b", userGroupId: g2.id }, { oidcClientId: "a", userGroupId: g1.id }] });
    const ids = async (q: string) => (await json(await clients.GET(req(`/api/oidc/clients?${q}`, { headers: h }), undefined))).data.map((c: { id: string }) => c.id);
    expect(await ids("filters[clientType]=cimd")).toEqual(["https://app.example.org/client.json"]);
    expect(await ids("filters[clientType]=standard")).toEqual(["a", "b"]);
    expect(await ids("filters[requiresPushedAuthorizationRequests]=true")).toEqual(["b"]);
    expect(await ids("sort[column]=allowedUserGroupsCount&sort[direction]=desc")).toEqual(["b", "a", "https://app.example.org/client.json"]);
    // Search finds a client by its ID too.
    expect(await ids("search=client.json")).toEqual(["https://app.example.org/client.json"]);
    const bad = await clients.GET(req("/api/oidc/clients?filters[clientType]=dynamic", { headers: h }), undefined);
    expect(bad.status).toBe(400);
    expect((await json(bad)).code).toBe("validation_failed");
  });

  it("GET /meta is public and tells only what sign-in pages show", async () => {
    await clients.POST(req("/api/oidc/clients", { json: FULL, headers: h }), undefined);
    await db().oidcClient.update({ where: { id: "wiki" }, data: { imageType: "png" } });
    const res = await meta.GET(req("/api/oidc/clients/wiki/meta"), ctx({ id: "wiki" }));
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({
      id: "wiki",
      name: "Wiki",
      description: "The team wiki",
      hasLogo: true,
      hasDarkLogo: false,
      launchURL: "https://wiki.example.com/",
      requiresReauthentication: true,
      clientType: "standard",
    });
  });

  it("a CIMD client keeps its document's name, URLs and type on PUT; the admin's own fields change", async () => {
    const id = "https://app.example.org/client.json";
    await db().oidcClient.create({ data: { id, name: "CIMD app", clientType: "cimd", isPublic: true, pkceEnabled: true, callbackUrls: '["https://app.example.org/cb"]' } });
    const res = await client.PUT(
      req(`/api/oidc/clients/${encodeURIComponent(id)}`, { method: "PUT", json: { name: "Renamed", callbackURLs: ["https://evil.example/cb"], isPublic: false, description: "Ours", skipConsent: true }, headers: h }),
      ctx({ id }),
    );
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ name: "CIMD app", callbackURLs: ["https://app.example.org/cb"], isPublic: true, pkceEnabled: true, description: "Ours", skipConsent: true, clientType: "cimd" });
  });

  it("DELETE removes the client with its secrets, consents, group links and API grants", async () => {
    const { id } = await seedClient({ id: "gone" });
    const bob = await seedUser("bob");
    const g = await db().userGroup.create({ data: { name: "g", friendlyName: "G" } });
    await db().oidcClientAllowedGroup.create({ data: { oidcClientId: id, userGroupId: g.id } });
    await db().userAuthorizedClient.create({ data: { userId: bob.id, clientId: id, scope: '["openid"]' } });
    const api = await db().api.create({ data: { name: "Orders", audience: "https://orders.example.com" } });
    await db().oidcClientAllowedApi.create({ data: { oidcClientId: id, apiId: api.id, subjectType: "user" } });
    const cookie = await sessionCookieFor(adminId);
    const del = await client.DELETE(req(`/api/oidc/clients/${id}`, { method: "DELETE", cookie, headers: { origin: TEST_APP_URL } }), ctx({ id }));
    expect(del.status).toBe(204);
    expect(await db().oidcClientSecret.count({ where: { clientId: id } })).toBe(0);
    expect(await db().userAuthorizedClient.count({ where: { clientId: id } })).toBe(0);
    expect(await db().oidcClientAllowedGroup.count({ where: { oidcClientId: id } })).toBe(0);
    expect(await db().oidcClientAllowedApi.count({ where: { oidcClientId: id } })).toBe(0);
    // The group, the user and the API stay.
    expect(await db().userGroup.count({ where: { id: g.id } })).toBe(1);
    expect(await db().api.count({ where: { id: api.id } })).toBe(1);
    expect((await db().auditLog.findFirstOrThrow({ where: { event: "CLIENT_DELETED" } })).userId).toBe(adminId);
  });

  it("Unrestrict clears the groups, Restrict starts from none; federated identities are replaced as a whole", async () => {
    const { id } = await seedClient({ id: "app" });
    const g = await db().userGroup.create({ data: { name: "g", friendlyName: "G" } });
    await db().oidcClientAllowedGroup.create({ data: { oidcClientId: id, userGroupId: g.id } });
    await db().oidcClient.update({ where: { id }, data: { isGroupRestricted: true } });
    const open = await transaction((tx) => setClientGroupRestriction(tx, actor(), id, false));
    expect(open).toMatchObject({ isGroupRestricted: false, allowedUserGroupsCount: 0 });
    const closed = await transaction((tx) => setClientGroupRestriction(tx, actor(), id, true));
    expect(closed).toMatchObject({ isGroupRestricted: true, allowedUserGroupsCount: 0 });
    await expect(transaction((tx) => setClientGroupRestriction(tx, actor(), "nope", true))).rejects.toMatchObject({ code: "not_found" });

    const saved = await transaction((tx) => setClientFederatedIdentities(tx, actor(), id, [{ issuer: "https://ci.example.com", audience: "pocket-id" }]));
    expect(saved.credentials.federatedIdentities).toEqual([{ issuer: "https://ci.example.com", audience: "pocket-id", replayProtection: false }]);
    await expect(transaction((tx) => setClientFederatedIdentities(tx, actor(), id, [{ issuer: "" }]))).rejects.toBeInstanceOf(ZodError);
    expect(JSON.parse((await db().oidcClient.findUniqueOrThrow({ where: { id } })).federatedIdentities)).toHaveLength(1);
  });

  it("the wrong-callback page's admin hint reads the registered callback URLs, and nothing for an unknown client", async () => {
    await createClient({ id: "cb", name: "CB", callbackURLs: ["https://cb.example.com/a", "https://cb.example.com/b"] }, adminId, actor().meta, { withSecret: false });
    expect(await loadClientCallbacks("cb")).toEqual({ id: "cb", callbackURLs: ["https://cb.example.com/a", "https://cb.example.com/b"] });
    expect(await loadClientCallbacks("missing")).toBeNull();
    expect(await loadClientCallbacks("")).toBeNull();
  });

  it("refuses a 21st secret, a past expiry, another client's secret and unknown groups, and keeps /meta public for ~base64url ids", async () => {
    const { id } = await seedClient({ id: "app" });
    await seedClient({ id: "other" });
    const post = (b?: unknown) => secrets.POST(req(`/api/oidc/clients/${id}/secrets`, { method: "POST", json: b, headers: h }), ctx({ id }));
    const past = await post({ expiresAt: new Date(Date.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(await json(past)).toMatchObject({ code: "validation_failed", details: { expiresAt: "Choose a date in the future" } });
    for (let i = 1; i < 20; i++) expect((await post()).status).toBe(201);
    const full = await post();
    expect(full.status).toBe(400);
    expect((await json(full)).error).toBe("A client can have at most 20 secrets: delete an old one first.");
    expect(await db().oidcClientSecret.count({ where: { clientId: id } })).toBe(20);

    // A secret id of another client is "not found" through this client's path.
    const otherSecret = await db().oidcClientSecret.findFirstOrThrow({ where: { clientId: "other" } });
    const cross = await secret.DELETE(req(`/api/oidc/clients/${id}/secrets/${otherSecret.id}`, { method: "DELETE", headers: h }), ctx({ id, secretId: otherSecret.id }));
    expect(cross.status).toBe(404);
    expect(await db().oidcClientSecret.count({ where: { id: otherSecret.id } })).toBe(1);

    const unknown = await allowedGroups.PUT(req(`/api/oidc/clients/${id}/allowed-user-groups`, { method: "PUT", json: { userGroupIds: ["no-such-group"] }, headers: h }), ctx({ id }));
    expect(unknown.status).toBe(400);
    expect(await json(unknown)).toMatchObject({ code: "validation_failed", details: { userGroupIds: "Unknown group: no-such-group" } });

    const cimdId = "https://app.example.org/client.json";
    await db().oidcClient.create({ data: { id: cimdId, name: "CIMD app", clientType: "cimd", callbackUrls: "[]" } });
    const encoded = `~${Buffer.from(cimdId).toString("base64url")}`;
    const m = await meta.GET(req(`/api/oidc/clients/${encoded}/meta`), ctx({ id: encoded }));
    expect(m.status).toBe(200);
    expect(await json(m)).toMatchObject({ id: cimdId, clientType: "cimd" });
    // Non-admins: 403 on reads too.
    const bob = await seedApiKey((await seedUser("bob")).id);
    expect((await client.GET(req(`/api/oidc/clients/${id}`, { headers: { "x-api-key": bob.token } }), ctx({ id }))).status).toBe(403);
    expect((await secrets.GET(req(`/api/oidc/clients/${id}/secrets`, { headers: { "x-api-key": bob.token } }), ctx({ id }))).status).toBe(403);
  });
});
