// The same admin change sent twice at once (a double click, a script retrying), on SQLite and
// PostgreSQL: a delete answers 204 once and 404 for the other, a replacing PUT 200 for both with
// the one result, never a 500. On PostgreSQL the second delete found no row to delete (Prisma
// P2025) and the second replacement inserted rows the first had just inserted (unique violation).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as userRoute from "@/app/api/users/[id]/route";
import * as userGroupsOfUser from "@/app/api/users/[id]/user-groups/route";
import * as groupRoute from "@/app/api/user-groups/[id]/route";
import * as groupUsers from "@/app/api/user-groups/[id]/users/route";
import * as groupClients from "@/app/api/user-groups/[id]/allowed-oidc-clients/route";
import * as clientGroups from "@/app/api/oidc/clients/[id]/allowed-user-groups/route";
import * as userClaims from "@/app/api/custom-claims/user/[userId]/route";
import * as groupClaims from "@/app/api/custom-claims/user-group/[userGroupId]/route";
import * as apiRoute from "@/app/api/apis/[id]/route";
import * as apiPermissions from "@/app/api/apis/[id]/permissions/route";
import * as apiClient from "@/app/api/apis/[id]/clients/[clientId]/route";
import * as apiKeyRoute from "@/app/api/api-keys/[id]/route";
import { db } from "@/lib/db/client";

type Handler = (request: ReturnType<typeof req>, context: ReturnType<typeof ctx>) => Promise<Response>;

describe.each(PROVIDERS)("the same admin change twice at once, on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let adminId: string;
  let aliceId: string;
  let groupId: string;
  let apiId: string;
  let permissionId: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    adminId = (await seedUser("root", { isAdmin: true })).id;
    cookie = await sessionCookieFor(adminId);
    aliceId = (await seedUser("alice")).id;
    await seedClient();
    groupId = (await db().userGroup.create({ data: { name: "staff", friendlyName: "Staff" } })).id;
    const api = await db().api.create({ data: { name: "Orders", audience: "https://api.example.com/orders", permissions: { create: [{ key: "orders:read", name: "Read orders" }] } }, include: { permissions: true } });
    apiId = api.id;
    permissionId = api.permissions[0].id;
  });
  afterEach(async () => t.cleanup());

  const twice = (handler: Handler, method: string, path: string, params: Record<string, string>, json?: unknown) =>
    Promise.all([0, 1].map(() => handler(req(path, { method, json, cookie, headers: { origin: TEST_APP_URL } }), ctx(params))));

  it("deleting a user, a group, an API or an API key twice: 204 once, 404 once", async () => {
    const key = (await seedApiKey(adminId, { name: "ci" })).id;
    for (const [what, handler, path, params] of [
      ["user", userRoute.DELETE, `/api/users/${aliceId}`, { id: aliceId }],
      ["group", groupRoute.DELETE, `/api/user-groups/${groupId}`, { id: groupId }],
      ["API", apiRoute.DELETE, `/api/apis/${apiId}`, { id: apiId }],
      ["API key", apiKeyRoute.DELETE, `/api/api-keys/${key}`, { id: key }],
    ] as const) {
      const answers = await twice(handler as Handler, "DELETE", path, params);
      expect(answers.map((r) => r.status).sort(), what).toEqual([204, 404]);
    }
    expect(await db().user.count({ where: { id: aliceId } })).toBe(0);
    expect(await db().userGroup.count()).toBe(0);
    expect(await db().api.count()).toBe(0);
    expect(await db().apiKey.count({ where: { id: key } })).toBe(0);
  });

  it("replacing memberships, allowed groups, claims, permissions and an API grant twice: 200 both times, one result", async () => {
    for (const [what, handler, path, params, body] of [
      ["user's groups", userGroupsOfUser.PUT, `/api/users/${aliceId}/user-groups`, { id: aliceId }, { userGroupIds: [groupId] }],
      ["group's members", groupUsers.PUT, `/api/user-groups/${groupId}/users`, { id: groupId }, { userIds: [aliceId, adminId] }],
      ["group's clients", groupClients.PUT, `/api/user-groups/${groupId}/allowed-oidc-clients`, { id: groupId }, { oidcClientIds: ["test-client"] }],
      ["client's groups", clientGroups.PUT, "/api/oidc/clients/test-client/allowed-user-groups", { id: "test-client" }, { userGroupIds: [groupId] }],
      ["user's claims", userClaims.PUT, `/api/custom-claims/user/${aliceId}`, { userId: aliceId }, [{ key: "department", value: "sales" }]],
      ["group's claims", groupClaims.PUT, `/api/custom-claims/user-group/${groupId}`, { userGroupId: groupId }, [{ key: "team", value: "a" }]],
      ["API permissions", apiPermissions.PUT, `/api/apis/${apiId}/permissions`, { id: apiId }, { permissions: [{ key: "orders:read", name: "Read orders" }, { key: "orders:write", name: "Write orders" }] }],
      ["API grant", apiClient.PUT, `/api/apis/${apiId}/clients/test-client`, { id: apiId, clientId: "test-client" }, { userDelegatedAccess: true, clientAccess: true, userDelegatedPermissionIds: [permissionId], clientPermissionIds: [permissionId] }],
    ] as const) {
      const answers = await twice(handler as Handler, "PUT", path, params, body);
      expect(answers.map((r) => r.status), what).toEqual([200, 200]);
    }
    expect(await db().userGroupMember.count()).toBe(2);
    expect(await db().oidcClientAllowedGroup.count()).toBe(1);
    expect(await db().userCustomClaim.count()).toBe(1);
    expect(await db().userGroupCustomClaim.count()).toBe(1);
    expect(await db().apiPermission.count()).toBe(2);
    expect(await db().oidcClientAllowedApi.count()).toBe(2);
    expect(await db().oidcClientAllowedApiPermission.count()).toBe(2);
  });
});
