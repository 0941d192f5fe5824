// OAuth APIs admin REST routes (issue 6 item 8; inventory §1.5 "OAuth APIs", §2.16) on SQLite and
// PostgreSQL: create/list/get/rename/delete, permissions replaced by key, client grants per subject
// type, CIMD access, the client-side listing, every refusal (validation, issuer as resource,
// duplicates, public clients with client access, unknown ids, non-admins), and audit rows.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as apis from "@/app/api/apis/route";
import * as apiRoute from "@/app/api/apis/[id]/route";
import * as permissions from "@/app/api/apis/[id]/permissions/route";
import * as cimd from "@/app/api/apis/[id]/cimd-access/route";
import * as clients from "@/app/api/apis/[id]/clients/route";
import * as assignable from "@/app/api/apis/[id]/assignable-clients/route";
import * as clientGrant from "@/app/api/apis/[id]/clients/[clientId]/route";
import * as clientApis from "@/app/api/api-access/[clientId]/apis/route";
import * as assignableApis from "@/app/api/api-access/[clientId]/assignable-apis/route";
import { db } from "@/lib/db/client";

const ORIGIN = { origin: TEST_APP_URL };

describe.each(PROVIDERS)("OAuth APIs REST API on %s", (provider) => {
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

  const create = (body: unknown, c = cookie) => apis.POST(req("/api/apis", { json: body, cookie: c, headers: ORIGIN }));
  const put = (mod: { PUT: typeof permissions.PUT }, path: string, params: Record<string, string>, body: unknown) =>
    mod.PUT(req(path, { method: "PUT", json: body, cookie, headers: ORIGIN }), ctx(params));
  async function newApi(name = "Items API", resource = "https://api.example.com/") {
    const res = await create({ name, resource });
    expect(res.status).toBe(201);
    return res.json();
  }

  it("creates an API (trailing slash trimmed), lists, searches, gets, renames and deletes it, with audit rows", async () => {
    const api = await newApi();
    expect(api).toMatchObject({ name: "Items API", resource: "https://api.example.com", permissions: [], allowCimdClients: false });
    await newApi("Billing", "urn:example:billing");
    const list = await (await apis.GET(req("/api/apis?search=items", { cookie }))).json();
    expect(list.data).toEqual([expect.objectContaining({ id: api.id, resource: "https://api.example.com", permissionCount: 0 })]);
    expect(list.pagination.totalItems).toBe(1);
    const sorted = await (await apis.GET(req("/api/apis?sort[column]=resource&sort[direction]=desc", { cookie }))).json();
    expect(sorted.data.map((a: { name: string }) => a.name)).toEqual(["Billing", "Items API"]);

    const renamed = await apiRoute.PUT(req(`/api/apis/${api.id}`, { method: "PUT", json: { name: "Items" }, cookie, headers: ORIGIN }), ctx({ id: api.id }));
    expect(await renamed.json()).toMatchObject({ name: "Items", resource: "https://api.example.com" });
    // The identifier is immutable: not an accepted field.
    const move = await apiRoute.PUT(req(`/api/apis/${api.id}`, { method: "PUT", json: { name: "Items", resource: "https://x.example.com" }, cookie, headers: ORIGIN }), ctx({ id: api.id }));
    expect(move.status).toBe(400);
    expect((await (await apiRoute.GET(req(`/api/apis/${api.id}`, { cookie }), ctx({ id: api.id }))).json()).name).toBe("Items");

    const del = await apiRoute.DELETE(req(`/api/apis/${api.id}`, { method: "DELETE", cookie, headers: ORIGIN }), ctx({ id: api.id }));
    expect(del.status).toBe(204);
    expect((await apiRoute.GET(req(`/api/apis/${api.id}`, { cookie }), ctx({ id: api.id }))).status).toBe(404);
    const events = (await db().auditLog.findMany({ where: { userId: adminId }, orderBy: { createdAt: "asc" } })).map((a) => a.event);
    expect(events).toEqual(expect.arrayContaining(["API_CREATED", "API_UPDATED", "API_DELETED"]));
  });

  it("refuses bad identifiers, the issuer, duplicates and bad names with field errors", async () => {
    for (const resource of ["not a uri", "api.example.com", "https://api.example.com/#x", "", "x".repeat(351)]) {
      const res = await create({ name: "A", resource });
      expect(res.status, resource).toBe(400);
      expect((await res.json()).details, resource).toHaveProperty("resource");
    }
    const issuer = await create({ name: "Me", resource: `${TEST_APP_URL}/` });
    expect(issuer.status).toBe(400);
    expect((await issuer.json()).details.resource).toContain("this sign-in service itself");
    await newApi();
    const dup = await create({ name: "Again", resource: "https://api.example.com" });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toMatchObject({ code: "already_in_use", details: { resource: expect.any(String) } });
    const longName = await create({ name: "n".repeat(51), resource: "https://b.example.com" });
    expect((await longName.json()).details).toHaveProperty("name");
    expect(await db().api.count()).toBe(1);
  });

  it("replaces permissions by key, keeping the grants of kept keys, and refuses reserved, malformed and duplicate keys", async () => {
    const api = await newApi();
    await seedClient();
    const path = `/api/apis/${api.id}/permissions`;
    const first = await (await put(permissions, path, { id: api.id }, { permissions: [{ key: "items:read", name: "Read" }, { key: "items:write", name: "Write", description: "Change items" }] })).json();
    expect(first.permissions.map((p: { key: string }) => p.key)).toEqual(["items:read", "items:write"]);
    const readId = first.permissions[0].id;
    await put(clientGrant, `/api/apis/${api.id}/clients/test-client`, { id: api.id, clientId: "test-client" }, { userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: first.permissions.map((p: { id: string }) => p.id), clientPermissionIds: [] });

    const second = await (await put(permissions, path, { id: api.id }, { permissions: [{ key: "items:read", name: "Read items" }, { key: "items:delete", name: "Delete" }] })).json();
    expect(second.permissions.map((p: { key: string; name: string }) => `${p.key}=${p.name}`)).toEqual(["items:delete=Delete", "items:read=Read items"]);
    expect(second.permissions.find((p: { key: string }) => p.key === "items:read").id).toBe(readId);
    // The kept key keeps its grant; the removed key's grant is gone.
    const grants = await (await clients.GET(req(`/api/apis/${api.id}/clients`, { cookie }), ctx({ id: api.id }))).json();
    expect(grants[0].userDelegatedPermissionIds).toEqual([readId]);

    for (const bad of [[{ key: "openid", name: "x" }], [{ key: "Email", name: "x" }], [{ key: "two words", name: "x" }], [{ key: 'q"uote', name: "x" }], [{ key: "a", name: "x" }, { key: "a", name: "y" }], [{ key: "a", name: "" }], [{ key: "a", name: "x", description: "d".repeat(201) }]]) {
      const res = await put(permissions, path, { id: api.id }, { permissions: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).code).toBe("validation_failed");
    }
    expect(await db().apiPermission.count()).toBe(2);
    expect((await put(permissions, `/api/apis/nope/permissions`, { id: "nope" }, { permissions: [] })).status).toBe(404);
  });

  it("grants clients per subject type, refuses client access for public clients, lists both sides and removes grants", async () => {
    const api = await newApi();
    const withPerms = await (await put(permissions, `/api/apis/${api.id}/permissions`, { id: api.id }, { permissions: [{ key: "read", name: "Read" }, { key: "admin", name: "Admin" }] })).json();
    const [adminPerm, readPerm] = withPerms.permissions;
    await seedClient();
    await seedClient({ id: "spa", isPublic: true });
    const other = await newApi("Other", "https://other.example.com");
    const grantPath = (clientId: string) => `/api/apis/${api.id}/clients/${clientId}`;

    const before = await (await assignable.GET(req(`/api/apis/${api.id}/assignable-clients`, { cookie }), ctx({ id: api.id }))).json();
    expect(before.map((c: { id: string }) => c.id).sort()).toEqual(["spa", "test-client"]);

    const set = await put(clientGrant, grantPath("test-client"), { id: api.id, clientId: "test-client" }, {
      userDelegatedAccess: true,
      clientAccess: true,
      userDelegatedPermissionIds: [readPerm.id, "unknown-id"],
      clientPermissionIds: [adminPerm.id],
    });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      client: { id: "test-client", isPublic: false, clientType: "standard" },
      userDelegatedAccess: true,
      clientAccess: true,
      userDelegatedPermissionIds: [readPerm.id],
      clientPermissionIds: [adminPerm.id],
      cimdGrantedAccess: false,
    });
    // Public clients get user-delegated access only.
    const publicClient = await put(clientGrant, grantPath("spa"), { id: api.id, clientId: "spa" }, { userDelegatedAccess: true, clientAccess: true, userDelegatedPermissionIds: [], clientPermissionIds: [] });
    expect(publicClient.status).toBe(400);
    expect((await publicClient.json()).details).toHaveProperty("clientAccess");
    const spa = await put(clientGrant, grantPath("spa"), { id: api.id, clientId: "spa" }, { userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: [], clientPermissionIds: [] });
    expect(await spa.json()).toMatchObject({ userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: [] });

    const listed = await (await clients.GET(req(`/api/apis/${api.id}/clients`, { cookie }), ctx({ id: api.id }))).json();
    expect(listed.map((g: { client: { id: string } }) => g.client.id).sort()).toEqual(["spa", "test-client"]);
    expect((await (await assignable.GET(req(`/api/apis/${api.id}/assignable-clients`, { cookie }), ctx({ id: api.id }))).json())).toEqual([]);
    const fromClient = await (await clientApis.GET(req("/api/api-access/test-client/apis", { cookie }), ctx({ clientId: "test-client" }))).json();
    expect(fromClient).toEqual([expect.objectContaining({ api: expect.objectContaining({ id: api.id }), clientPermissionIds: [adminPerm.id] })]);
    const grantable = await (await assignableApis.GET(req("/api/api-access/test-client/assignable-apis", { cookie }), ctx({ clientId: "test-client" }))).json();
    expect(grantable.map((a: { id: string }) => a.id)).toEqual([other.id]);

    // Turning a subject off drops its permissions; both off equals no grant.
    const userOnly = await (await put(clientGrant, grantPath("test-client"), { id: api.id, clientId: "test-client" }, { userDelegatedAccess: true, clientAccess: false, userDelegatedPermissionIds: [readPerm.id], clientPermissionIds: [adminPerm.id] })).json();
    expect(userOnly).toMatchObject({ clientAccess: false, clientPermissionIds: [] });
    const removed = await clientGrant.DELETE(req(grantPath("test-client"), { method: "DELETE", cookie, headers: ORIGIN }), ctx({ id: api.id, clientId: "test-client" }));
    expect(removed.status).toBe(204);
    expect(await db().oidcClientAllowedApi.count({ where: { oidcClientId: "test-client" } })).toBe(0);
    expect(await db().oidcClientAllowedApiPermission.count({ where: { oidcClientId: "test-client" } })).toBe(0);

    expect((await put(clientGrant, grantPath("nope"), { id: api.id, clientId: "nope" }, { userDelegatedAccess: true, clientAccess: false })).status).toBe(404);
    expect((await put(clientGrant, `/api/apis/nope/clients/spa`, { id: "nope", clientId: "spa" }, { userDelegatedAccess: true, clientAccess: false })).status).toBe(404);
    expect((await clientApis.GET(req("/api/api-access/nope/apis", { cookie }), ctx({ clientId: "nope" }))).status).toBe(404);
    expect((await clientApis.GET(req("/api/api-access/a%00b/apis", { cookie }), ctx({ clientId: "a\u0000b" }))).status).toBe(404);
    expect((await put(clientGrant, grantPath("spa"), { id: api.id, clientId: "spa" }, { userDelegatedAccess: "yes" })).status).toBe(400);
    expect(await db().auditLog.count({ where: { event: "API_CLIENT_ACCESS_UPDATED" } })).toBe(4);
  });

  it("stores the CIMD switch with its permission subset, kept while off", async () => {
    const api = await newApi();
    const withPerms = await (await put(permissions, `/api/apis/${api.id}/permissions`, { id: api.id }, { permissions: [{ key: "read", name: "Read" }, { key: "write", name: "Write" }] })).json();
    const read = withPerms.permissions.find((p: { key: string }) => p.key === "read");
    const on = await (await put(cimd, `/api/apis/${api.id}/cimd-access`, { id: api.id }, { enabled: true, permissionIds: [read.id] })).json();
    expect(on.allowCimdClients).toBe(true);
    expect(on.permissions.map((p: { key: string; allowedForCimdClients: boolean }) => `${p.key}:${p.allowedForCimdClients}`)).toEqual(["read:true", "write:false"]);
    const off = await (await put(cimd, `/api/apis/${api.id}/cimd-access`, { id: api.id }, { enabled: false, permissionIds: [read.id] })).json();
    expect(off.allowCimdClients).toBe(false);
    expect(off.permissions.find((p: { key: string }) => p.key === "read").allowedForCimdClients).toBe(true);
    expect((await put(cimd, `/api/apis/${api.id}/cimd-access`, { id: api.id }, { enabled: "on" })).status).toBe(400);
  });

  it("is for admins only", async () => {
    const bob = await seedUser("bob");
    const bobCookie = await sessionCookieFor(bob.id);
    expect((await create({ name: "A", resource: "https://a.example.com" }, bobCookie)).status).toBe(403);
    expect((await apis.GET(req("/api/apis", { cookie: bobCookie }))).status).toBe(403);
    expect((await apis.GET(req("/api/apis"))).status).toBe(401);
    // An admin's API key works like the admin.
    const key = await seedApiKey(adminId);
    expect((await apis.GET(req("/api/apis", { headers: { "x-api-key": key.token } }))).status).toBe(200);
    expect(await db().api.count()).toBe(0);
  });
});
