// Custom claims, API keys and OIDC-client admin routes on SQLite and PostgreSQL: typed claim values,
// reserved/duplicate keys, key suggestions; API keys shown once, hashed, renewed only when expired,
// revoked at once, never created with an API key; client list/get/update/delete/secrets; audit rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as userClaims from "@/app/api/custom-claims/user/[userId]/route";
import * as groupClaims from "@/app/api/custom-claims/user-group/[userGroupId]/route";
import * as suggestions from "@/app/api/custom-claims/suggestions/route";
import * as apiKeys from "@/app/api/api-keys/route";
import * as apiKey from "@/app/api/api-keys/[id]/route";
import * as renew from "@/app/api/api-keys/[id]/renew/route";
import * as users from "@/app/api/users/route";
import * as me from "@/app/api/users/me/route";
import * as clients from "@/app/api/oidc/clients/route";
import * as client from "@/app/api/oidc/clients/[id]/route";
import * as secrets from "@/app/api/oidc/clients/[id]/secrets/route";
import * as secret from "@/app/api/oidc/clients/[id]/secrets/[secretId]/route";
import * as allowedGroups from "@/app/api/oidc/clients/[id]/allowed-user-groups/route";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";

const ORIGIN = { origin: TEST_APP_URL };
const json = async (r: Response) => r.json();
const future = () => new Date(Date.now() + 30 * 86_400_000).toISOString();

describe.each(PROVIDERS)("claims, API keys and clients REST API on %s", (provider) => {
  let t: TestDb;
  let adminId: string;
  let cookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    adminId = admin.id;
    cookie = await sessionCookieFor(admin.id);
  });
  afterEach(async () => t.cleanup());

  it("stores typed custom claims, refuses reserved and duplicate keys, and suggests keys", async () => {
    const bob = await seedUser("bob");
    const put = (body: unknown) => userClaims.PUT(req(`/api/custom-claims/user/${bob.id}`, { method: "PUT", json: body, cookie, headers: ORIGIN }), ctx({ userId: bob.id }));
    const ok = await put([{ key: "roles", value: ["a", "b"] }, { key: "level", value: "3" }, { key: "shell", value: "/bin/zsh" }]);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual([{ key: "roles", value: '["a","b"]' }, { key: "level", value: "3" }, { key: "shell", value: "/bin/zsh" }]);
    const reserved = await put([{ key: "email", value: "x" }]);
    expect(reserved.status).toBe(400);
    expect(await json(reserved)).toMatchObject({ code: "reserved_claim", error: expect.stringContaining('"email" is a standard claim') });
    const dup = await put([{ key: "a", value: "1" }, { key: "a", value: "2" }]);
    expect((await json(dup)).code).toBe("duplicate_claim");
    const bad = await put([{ key: "two words", value: "x" }]);
    expect((await json(bad)).details).toHaveProperty(["0.key"]);
    // The refused requests changed nothing.
    expect((await db().userCustomClaim.findMany({ where: { userId: bob.id } })).map((c) => c.key).sort()).toEqual(["level", "roles", "shell"]);

    const group = await db().userGroup.create({ data: { name: "lxd", friendlyName: "LXD" } });
    const g = await groupClaims.PUT(req(`/api/custom-claims/user-group/${group.id}`, { method: "PUT", json: [{ key: "lxd-groups", value: '["admins"]' }], cookie, headers: ORIGIN }), ctx({ userGroupId: group.id }));
    expect(g.status).toBe(200);
    const missing = await groupClaims.PUT(req("/api/custom-claims/user-group/nope", { method: "PUT", json: [], cookie, headers: ORIGIN }), ctx({ userGroupId: "nope" }));
    expect(missing.status).toBe(404);
    expect(await json(await suggestions.GET(req("/api/custom-claims/suggestions", { cookie }), undefined))).toEqual(["level", "lxd-groups", "roles", "shell"]);
    const forbidden = await suggestions.GET(req("/api/custom-claims/suggestions", { cookie: await sessionCookieFor(bob.id) }), undefined);
    expect(forbidden.status).toBe(403);
    const audits = await db().auditLog.findMany({ where: { event: "CUSTOM_CLAIMS_UPDATED" } });
    expect(audits).toHaveLength(2);
    expect(audits.every((a) => a.userId === adminId)).toBe(true);
  });

  it("lets any user create an API key shown once, authenticate with it, renew it when expired and revoke it", async () => {
    const bob = await seedUser("bob");
    const bobCookie = await sessionCookieFor(bob.id);
    const created = await apiKeys.POST(req("/api/api-keys", { json: { name: "terraform", description: "CI", expiresAt: future() }, cookie: bobCookie, headers: ORIGIN }), undefined);
    expect(created.status).toBe(201);
    const { apiKey: key, token } = await json(created);
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    const row = await db().apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.keyHash).toBe(sha256Hex(token));
    expect(JSON.stringify(row)).not.toContain(token);

    const who = await me.GET(req("/api/users/me", { headers: { "x-api-key": token } }), undefined);
    expect((await json(who)).username).toBe("bob");
    const listed = await json(await apiKeys.GET(req("/api/api-keys", { headers: { "x-api-key": token } }), undefined));
    expect(listed.pagination.totalItems).toBe(1);
    expect(listed.data[0]).toMatchObject({ name: "terraform", description: "CI" });
    expect(listed.data[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);
    // An admin's list shows only the admin's own keys.
    expect((await json(await apiKeys.GET(req("/api/api-keys", { cookie }), undefined))).data).toEqual([]);

    // Pocket ID's browser-only routes: an API key cannot mint keys.
    const viaKey = await apiKeys.POST(req("/api/api-keys", { json: { name: "chain", expiresAt: future() }, headers: { "x-api-key": token } }), undefined);
    expect(viaKey.status).toBe(403);
    expect((await json(viaKey)).code).toBe("api_key_auth_not_allowed");
    const past = await apiKeys.POST(req("/api/api-keys", { json: { name: "old", expiresAt: "2000-01-01T00:00:00Z" }, cookie: bobCookie, headers: ORIGIN }), undefined);
    expect((await json(past)).code).toBe("invalid_api_key_expiration");
    const short = await apiKeys.POST(req("/api/api-keys", { json: { name: "ab", expiresAt: future() }, cookie: bobCookie, headers: ORIGIN }), undefined);
    expect((await json(short)).details).toMatchObject({ name: "Use at least 3 characters" });

    const early = await renew.POST(req(`/api/api-keys/${key.id}/renew`, { json: { expiresAt: future() }, cookie: bobCookie, headers: ORIGIN }), ctx({ id: key.id }));
    expect((await json(early)).code).toBe("api_key_not_expired");
    await db().apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await me.GET(req("/api/users/me", { headers: { "x-api-key": token } }), undefined)).status).toBe(401);
    const renewed = await renew.POST(req(`/api/api-keys/${key.id}/renew`, { json: { expiresAt: future() }, cookie: bobCookie, headers: ORIGIN }), ctx({ id: key.id }));
    expect(renewed.status).toBe(200);
    const fresh = (await json(renewed)).token;
    expect(fresh).not.toBe(token);
    expect((await me.GET(req("/api/users/me", { headers: { "x-api-key": token } }), undefined)).status).toBe(401);
    expect((await me.GET(req("/api/users/me", { headers: { "x-api-key": fresh } }), undefined)).status).toBe(200);

    // Another user's key is unknown to you; your own is revoked at once, also with an API key.
    const otherRevoke = await apiKey.DELETE(req(`/api/api-keys/${key.id}`, { method: "DELETE", cookie, headers: ORIGIN }), ctx({ id: key.id }));
    expect((await json(otherRevoke)).code).toBe("api_key_not_found");
    const revoked = await apiKey.DELETE(req(`/api/api-keys/${key.id}`, { method: "DELETE", headers: { "x-api-key": fresh } }), ctx({ id: key.id }));
    expect(revoked.status).toBe(204);
    expect((await me.GET(req("/api/users/me", { headers: { "x-api-key": fresh } }), undefined)).status).toBe(401);
    expect((await db().auditLog.findMany({ where: { userId: bob.id, event: { in: ["API_KEY_CREATED", "API_KEY_RENEWED", "API_KEY_REVOKED"] } } })).map((a) => a.event).sort()).toEqual(["API_KEY_CREATED", "API_KEY_RENEWED", "API_KEY_REVOKED"]);
    expect((await apiKeys.GET(req("/api/api-keys"), undefined)).status).toBe(401);
  });

  it("lists, updates, restricts and deletes clients and manages their secrets", async () => {
    const key = await seedApiKey(adminId);
    const h = { "x-api-key": key.token };
    const created = await clients.POST(req("/api/oidc/clients", { json: { id: "grafana", name: "Grafana", callbackURLs: ["https://grafana.example.com/cb"] }, headers: h }), undefined);
    expect(created.status).toBe(201);
    expect(await json(created)).toMatchObject({ id: "grafana", allowedUserGroupsCount: 0, isPublic: false });
    await seedClient({ id: "spa", isPublic: true });
    const list = await json(await clients.GET(req("/api/oidc/clients?search=graf", { headers: h }), undefined));
    expect(list.data.map((c: { id: string }) => c.id)).toEqual(["grafana"]);
    const publicOnly = await json(await clients.GET(req("/api/oidc/clients?filters[isPublic]=true", { headers: h }), undefined));
    expect(publicOnly.data.map((c: { id: string }) => c.id)).toEqual(["spa"]);

    const upd = await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "Grafana 2", callbackURLs: ["https://g2.example.com/cb"], isGroupRestricted: true }, headers: h }), ctx({ id: "grafana" }));
    expect(await json(upd)).toMatchObject({ name: "Grafana 2", callbackURLs: ["https://g2.example.com/cb"], isGroupRestricted: true });
    // The ID token algorithm can be changed after creation; a PUT without it keeps it, null resets it.
    const es = await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "Grafana 2", callbackURLs: ["https://g2.example.com/cb"], isGroupRestricted: true, idTokenSignedResponseAlg: "ES256" }, headers: h }), ctx({ id: "grafana" }));
    expect(await json(es)).toMatchObject({ idTokenSignedResponseAlg: "ES256" });
    const kept = await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "Grafana 2", callbackURLs: ["https://g2.example.com/cb"], isGroupRestricted: true }, headers: h }), ctx({ id: "grafana" }));
    expect(await json(kept)).toMatchObject({ idTokenSignedResponseAlg: "ES256" });
    const reset = await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "Grafana 2", callbackURLs: ["https://g2.example.com/cb"], isGroupRestricted: true, idTokenSignedResponseAlg: null }, headers: h }), ctx({ id: "grafana" }));
    expect(await json(reset)).toMatchObject({ idTokenSignedResponseAlg: null });
    const badAlg = await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "Grafana 2", idTokenSignedResponseAlg: "HS256" }, headers: h }), ctx({ id: "grafana" }));
    expect(badAlg.status).toBe(400);
    const badUpd = await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "" }, headers: h }), ctx({ id: "grafana" }));
    expect(badUpd.status).toBe(400);
    const group = await db().userGroup.create({ data: { name: "ops", friendlyName: "Ops" } });
    const restricted = await allowedGroups.PUT(req("/api/oidc/clients/grafana/allowed-user-groups", { method: "PUT", json: { userGroupIds: [group.id] }, headers: h }), ctx({ id: "grafana" }));
    expect(await json(restricted)).toMatchObject({ allowedUserGroupsCount: 1, allowedUserGroups: [{ name: "ops" }] });

    // No body: a generated secret; with a body: the caller's own secret and expiry.
    const gen = await secrets.POST(req("/api/oidc/clients/grafana/secrets", { method: "POST", headers: h }), ctx({ id: "grafana" }));
    expect(gen.status).toBe(201);
    const genBody = await json(gen);
    expect(genBody.secret).toMatch(/^[A-Za-z0-9]{32}$/);
    const own = await secrets.POST(req("/api/oidc/clients/grafana/secrets", { json: { secret: "my-own-secret-0123456789", expiresAt: future() }, headers: h }), ctx({ id: "grafana" }));
    expect(await json(own)).toMatchObject({ secret: "my-own-secret-0123456789", prefix: "my-o", active: true });
    const weak = await secrets.POST(req("/api/oidc/clients/grafana/secrets", { json: { secret: "short" }, headers: h }), ctx({ id: "grafana" }));
    expect(weak.status).toBe(400);
    const listed = await json(await secrets.GET(req("/api/oidc/clients/grafana/secrets", { headers: h }), ctx({ id: "grafana" })));
    expect(listed).toHaveLength(2);
    expect(JSON.stringify(listed)).not.toContain(genBody.secret);
    const delSecret = await secret.DELETE(req(`/api/oidc/clients/grafana/secrets/${genBody.id}`, { method: "DELETE", headers: h }), ctx({ id: "grafana", secretId: genBody.id }));
    expect(delSecret.status).toBe(204);
    expect(await db().oidcClientSecret.count({ where: { clientId: "grafana" } })).toBe(1);
    const publicSecret = await secrets.POST(req("/api/oidc/clients/spa/secrets", { method: "POST", headers: h }), ctx({ id: "spa" }));
    expect(publicSecret.status).toBe(400);

    // Turning a client public deletes its secrets.
    await client.PUT(req("/api/oidc/clients/grafana", { method: "PUT", json: { name: "Grafana", isPublic: true }, headers: h }), ctx({ id: "grafana" }));
    expect(await db().oidcClientSecret.count({ where: { clientId: "grafana" } })).toBe(0);

    const del = await client.DELETE(req("/api/oidc/clients/grafana", { method: "DELETE", headers: h }), ctx({ id: "grafana" }));
    expect(del.status).toBe(204);
    expect((await client.GET(req("/api/oidc/clients/grafana", { headers: h }), ctx({ id: "grafana" }))).status).toBe(404);
    const events = (await db().auditLog.findMany({ where: { userId: adminId } })).map((a) => a.event);
    expect(events).toEqual(expect.arrayContaining(["CLIENT_CREATED", "CLIENT_UPDATED", "CLIENT_ALLOWED_GROUPS_UPDATED", "CLIENT_SECRET_CREATED", "CLIENT_SECRET_DELETED", "CLIENT_DELETED"]));
    // Non-admins get 403 on every client route.
    const bobKey = await seedApiKey((await seedUser("bob")).id);
    expect((await clients.GET(req("/api/oidc/clients", { headers: { "x-api-key": bobKey.token } }), undefined)).status).toBe(403);
    expect((await users.GET(req("/api/users", { headers: { "x-api-key": bobKey.token } }), undefined)).status).toBe(403);
  });
});
