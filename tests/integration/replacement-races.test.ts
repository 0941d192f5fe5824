// Different replacements of the same set sent at once (two admins, or a script and an admin), on
// SQLite and PostgreSQL: each answers 200 with its audit event, and the stored set is exactly one
// of the submitted sets, never a mix. On PostgreSQL (READ COMMITTED) each replacement read the old
// set, deleted what it did not want and inserted what it added, so two of them stored the union of
// their additions; they now serialize on the parent row (lib/db/row-lock.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedUser, sessionCookieFor } from "../helpers/seed";
import * as userGroupsOfUser from "@/app/api/users/[id]/user-groups/route";
import * as groupUsers from "@/app/api/user-groups/[id]/users/route";
import * as groupClients from "@/app/api/user-groups/[id]/allowed-oidc-clients/route";
import * as clientGroups from "@/app/api/oidc/clients/[id]/allowed-user-groups/route";
import * as userClaims from "@/app/api/custom-claims/user/[userId]/route";
import * as groupClaims from "@/app/api/custom-claims/user-group/[userGroupId]/route";
import * as apiPermissions from "@/app/api/apis/[id]/permissions/route";
import * as apiClient from "@/app/api/apis/[id]/clients/[clientId]/route";
import * as apiCimd from "@/app/api/apis/[id]/cimd-access/route";
import { db } from "@/lib/db/client";

type Handler = (request: ReturnType<typeof req>, context: ReturnType<typeof ctx>) => Promise<Response>;

/**
 * Every choice of two out of four items: no two alike, each overlapping most others, and a mix of
 * any two has three or four items, so it is none of them.
 */
const SUBSETS = [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]];
const ROUNDS = 5;
const sorted = (xs: string[]) => [...xs].sort();

describe.each(PROVIDERS)("different replacements of the same set at once, on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userIds: string[];
  let groupIds: string[];
  let clientIds: string[];
  let apiId: string;
  let permissionIds: string[];

  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    cookie = await sessionCookieFor(admin.id);
    userIds = [];
    for (const name of ["alice", "bob", "carol", "dave"]) userIds.push((await seedUser(name)).id);
    groupIds = [];
    for (const name of ["g0", "g1", "g2", "g3"]) groupIds.push((await db().userGroup.create({ data: { name, friendlyName: name.toUpperCase() } })).id);
    clientIds = ["c0", "c1", "c2", "c3"];
    for (const id of clientIds) {
      await db().oidcClient.create({ data: { id, name: `Client ${id}`, isPublic: false, callbackUrls: JSON.stringify(["https://app.example.com/cb"]), logoutCallbackUrls: "[]" } });
    }
    const api = await db().api.create({
      data: { name: "Orders", audience: "https://api.example.com/orders", permissions: { create: ["a", "b", "c", "d"].map((k) => ({ key: `orders:${k}`, name: `Orders ${k}` })) } },
      include: { permissions: true },
    });
    apiId = api.id;
    permissionIds = [...api.permissions].sort((x, y) => x.key.localeCompare(y.key)).map((p) => p.id);
  });
  afterEach(async () => t.cleanup());

  /**
   * Sends every body at once, a few rounds (each round starts from the last one's result): 200 for
   * each, one audit event each, and the stored set exactly one body's after every round.
   */
  async function race(opts: { handler: Handler; path: string; params: Record<string, string>; bodies: unknown[]; expected: string[][]; stored: () => Promise<string[]>; event: string }) {
    for (let round = 1; round <= ROUNDS; round++) {
      const answers = await Promise.all(opts.bodies.map((json) => opts.handler(req(opts.path, { method: "PUT", json, cookie, headers: { origin: TEST_APP_URL } }), ctx(opts.params))));
      expect(answers.map((r) => r.status), `round ${round}`).toEqual(opts.bodies.map(() => 200));
      const stored = sorted(await opts.stored());
      expect(opts.expected.map(sorted), `round ${round}`).toContainEqual(stored);
      expect(await db().auditLog.count({ where: { event: opts.event } }), `round ${round}`).toBe(opts.bodies.length * round);
    }
  }

  const pick = <T,>(items: T[], s: number[]) => s.map((i) => items[i]);

  it("a user's custom claims", async () => {
    const sets = SUBSETS.map((s, n) => s.map((i) => ({ key: `k${i}`, value: `from ${n}` })));
    await race({
      handler: userClaims.PUT as Handler,
      path: `/api/custom-claims/user/${userIds[0]}`,
      params: { userId: userIds[0] },
      bodies: sets,
      expected: sets.map((cs) => cs.map((c) => `${c.key}=${c.value}`)),
      stored: async () => (await db().userCustomClaim.findMany({ where: { userId: userIds[0] } })).map((c) => `${c.key}=${c.value}`),
      event: "CUSTOM_CLAIMS_UPDATED",
    });
  });

  it("a group's custom claims", async () => {
    const sets = SUBSETS.map((s, n) => s.map((i) => ({ key: `k${i}`, value: `from ${n}` })));
    await race({
      handler: groupClaims.PUT as Handler,
      path: `/api/custom-claims/user-group/${groupIds[0]}`,
      params: { userGroupId: groupIds[0] },
      bodies: sets,
      expected: sets.map((cs) => cs.map((c) => `${c.key}=${c.value}`)),
      stored: async () => (await db().userGroupCustomClaim.findMany({ where: { userGroupId: groupIds[0] } })).map((c) => `${c.key}=${c.value}`),
      event: "CUSTOM_CLAIMS_UPDATED",
    });
  });

  it("a client's allowed groups", async () => {
    await race({
      handler: clientGroups.PUT as Handler,
      path: "/api/oidc/clients/c0/allowed-user-groups",
      params: { id: "c0" },
      bodies: SUBSETS.map((s) => ({ userGroupIds: pick(groupIds, s) })),
      expected: SUBSETS.map((s) => pick(groupIds, s)),
      stored: async () => (await db().oidcClientAllowedGroup.findMany({ where: { oidcClientId: "c0" } })).map((a) => a.userGroupId),
      event: "CLIENT_ALLOWED_GROUPS_UPDATED",
    });
  });

  it("a group's allowed clients", async () => {
    await race({
      handler: groupClients.PUT as Handler,
      path: `/api/user-groups/${groupIds[0]}/allowed-oidc-clients`,
      params: { id: groupIds[0] },
      bodies: SUBSETS.map((s) => ({ oidcClientIds: pick(clientIds, s) })),
      expected: SUBSETS.map((s) => pick(clientIds, s)),
      stored: async () => (await db().oidcClientAllowedGroup.findMany({ where: { userGroupId: groupIds[0] } })).map((a) => a.oidcClientId),
      event: "USER_GROUP_CLIENTS_UPDATED",
    });
  });

  it("a group's members", async () => {
    await race({
      handler: groupUsers.PUT as Handler,
      path: `/api/user-groups/${groupIds[0]}/users`,
      params: { id: groupIds[0] },
      bodies: SUBSETS.map((s) => ({ userIds: pick(userIds, s) })),
      expected: SUBSETS.map((s) => pick(userIds, s)),
      stored: async () => (await db().userGroupMember.findMany({ where: { userGroupId: groupIds[0] } })).map((m) => m.userId),
      event: "USER_GROUP_MEMBERS_UPDATED",
    });
  });

  it("a user's groups", async () => {
    await race({
      handler: userGroupsOfUser.PUT as Handler,
      path: `/api/users/${userIds[0]}/user-groups`,
      params: { id: userIds[0] },
      bodies: SUBSETS.map((s) => ({ userGroupIds: pick(groupIds, s) })),
      expected: SUBSETS.map((s) => pick(groupIds, s)),
      stored: async () => (await db().userGroupMember.findMany({ where: { userId: userIds[0] } })).map((m) => m.userGroupId),
      event: "USER_GROUPS_UPDATED",
    });
  });

  it("an API's permissions", async () => {
    const keys = ["orders:a", "orders:b", "orders:x", "orders:y"];
    await race({
      handler: apiPermissions.PUT as Handler,
      path: `/api/apis/${apiId}/permissions`,
      params: { id: apiId },
      bodies: SUBSETS.map((s) => ({ permissions: pick(keys, s).map((key) => ({ key, name: key })) })),
      expected: SUBSETS.map((s) => pick(keys, s)),
      stored: async () => (await db().apiPermission.findMany({ where: { apiId } })).map((p) => p.key),
      event: "API_PERMISSIONS_UPDATED",
    });
  });

  it("a client's grant on an API", async () => {
    const bodies = SUBSETS.map((s, n) => ({ userDelegatedAccess: true, userDelegatedPermissionIds: pick(permissionIds, s), clientAccess: n % 2 === 0, clientPermissionIds: n % 2 === 0 ? pick(permissionIds, SUBSETS[(n + 3) % SUBSETS.length]) : [] }));
    await race({
      handler: apiClient.PUT as Handler,
      path: `/api/apis/${apiId}/clients/c0`,
      params: { id: apiId, clientId: "c0" },
      bodies,
      expected: bodies.map((b) => [
        "access:user",
        ...(b.clientAccess ? ["access:client"] : []),
        ...b.userDelegatedPermissionIds.map((p) => `user:${p}`),
        ...b.clientPermissionIds.map((p) => `client:${p}`),
      ]),
      stored: async () => [
        ...(await db().oidcClientAllowedApi.findMany({ where: { oidcClientId: "c0", apiId } })).map((a) => `access:${a.subjectType}`),
        ...(await db().oidcClientAllowedApiPermission.findMany({ where: { oidcClientId: "c0" } })).map((p) => `${p.subjectType}:${p.apiPermissionId}`),
      ],
      event: "API_CLIENT_ACCESS_UPDATED",
    });
  });

  it("an API's access for CIMD clients", async () => {
    await race({
      handler: apiCimd.PUT as Handler,
      path: `/api/apis/${apiId}/cimd-access`,
      params: { id: apiId },
      bodies: SUBSETS.map((s) => ({ enabled: true, permissionIds: pick(permissionIds, s) })),
      expected: SUBSETS.map((s) => pick(permissionIds, s)),
      stored: async () => (await db().apiPermission.findMany({ where: { apiId, allowedForCimdClients: true } })).map((p) => p.id),
      event: "API_CIMD_ACCESS_UPDATED",
    });
  });

  /**
   * A replacement that waits longer than lock_timeout (5 s, lib/db/client.ts) for the row another
   * change holds changes nothing; it answered a 500 "Something went wrong". Now 503 with a
   * sentence and Retry-After, and sent again once the other is done it goes through.
   */
  it.runIf(provider === "postgresql")("a replacement kept waiting past the lock timeout: 503 busy with Retry-After, nothing changed, and it goes through when sent again", async () => {
    const other = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await other.connect();
    const put = () => userClaims.PUT(req(`/api/custom-claims/user/${userIds[0]}`, { method: "PUT", json: [{ key: "team", value: "a" }], cookie, headers: { origin: TEST_APP_URL } }), ctx({ userId: userIds[0] }));
    try {
      await other.query("BEGIN");
      await other.query(`SELECT 1 FROM "users" WHERE "id" = $1 FOR UPDATE`, [userIds[0]]);
      const res = await put();
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("1");
      expect(await res.json()).toMatchObject({ code: "busy", error: expect.stringMatching(/try again/) });
      expect(await db().userCustomClaim.count()).toBe(0);
      expect(await db().auditLog.count({ where: { event: "CUSTOM_CLAIMS_UPDATED" } })).toBe(0);
      await other.query("COMMIT");
      expect((await put()).status).toBe(200);
      expect(await db().userCustomClaim.count()).toBe(1);
    } finally {
      await other.end();
    }
  });
});
