// A NUL in a list's search or filter is a 400 at the API and no match in the settings pages and
// pickers (which call the services without the API's schemas), never a 500: PostgreSQL fails any
// query comparing text that holds a NUL. Found by posting odd input to every /api route.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import * as ownAuditLogs from "@/app/api/audit-logs/route";
import * as assignableClients from "@/app/api/apis/[id]/assignable-clients/route";
import { listUsers } from "@/lib/services/users/list-users";
import { listUserGroups } from "@/lib/services/user-groups/list-user-groups";
import { listApis } from "@/lib/services/apis/list-apis";
import { listClientsPage } from "@/lib/services/oidc-clients/list-clients";
import { listAssignableClients } from "@/lib/services/apis/list-assignable-clients";
import { allAuditLogRows, listAllAuditLogs } from "@/lib/services/audit-logs/list-all-audit-logs";
import { db } from "@/lib/db/client";

const NUL = "a\u0000";

describe.each(PROVIDERS)("a NUL in list searches and filters, on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let apiId: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    cookie = await sessionCookieFor(admin.id);
    await seedClient();
    await db().userGroup.create({ data: { name: "a-group", friendlyName: "A group" } });
    apiId = (await db().api.create({ data: { name: "An API", audience: "https://api.example.com/a" } })).id;
  });
  afterEach(async () => t.cleanup());

  it("the API answers 400 validation_failed naming the parameter (own audit log's event filter, an API's assignable clients)", async () => {
    const own = await ownAuditLogs.GET(req(`/api/audit-logs?${encodeURIComponent("filters[event]")}=${encodeURIComponent(NUL)}`, { cookie }), undefined);
    expect(own.status).toBe(400);
    const ownBody = await own.json();
    expect(ownBody.code).toBe("validation_failed");
    expect(JSON.stringify(ownBody.details)).toContain("control characters");
    const assignable = await assignableClients.GET(req(`/api/apis/${apiId}/assignable-clients?search=${encodeURIComponent(NUL)}`, { cookie }), ctx({ id: apiId }));
    expect(assignable.status).toBe(400);
    expect((await assignable.json()).code).toBe("validation_failed");
    // Ordinary text still searches.
    const ok = await assignableClients.GET(req(`/api/apis/${apiId}/assignable-clients?search=Test`, { cookie }), ctx({ id: apiId }));
    expect((await ok.json()).map((c: { id: string }) => c.id)).toEqual(["test-client"]);
  });

  it("the services the settings pages and pickers call find nothing instead of failing", async () => {
    const list = { page: 1, limit: 20, search: NUL, sort: null, filters: {} };
    expect((await listUsers(list)).data).toEqual([]);
    expect((await listUserGroups(list)).data).toEqual([]);
    expect((await listApis(list)).data).toEqual([]);
    expect((await listClientsPage(list)).data).toEqual([]);
    expect(await listAssignableClients(apiId, NUL)).toEqual([]);
    // The global audit log page passes its URL's filters as they are.
    for (const key of ["search", "filters[event]", "filters[userId]", "filters[clientName]"] as const) {
      const query = { [key]: key === "search" ? NUL : [NUL] };
      expect((await listAllAuditLogs(query)).data, key).toEqual([]);
      expect(await allAuditLogRows(query), key).toEqual([]);
    }
    // Without the NUL the same searches find the rows.
    expect((await listUsers({ ...list, search: "root" })).data).toHaveLength(1);
    expect((await listUserGroups({ ...list, search: "a-group" })).data).toHaveLength(1);
    expect((await listClientsPage({ ...list, search: "Test" })).data).toHaveLength(1);
  });
});
