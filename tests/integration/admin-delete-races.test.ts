// An admin deleting a user or client while token requests write tokens for it: the delete answers
// 204 and no token request answers 500, on SQLite and PostgreSQL. On PostgreSQL the delete (which
// locks the user or client row, then waits for the token rows a refresh holds) and the refresh
// (which holds those rows, then needs the user or client row for its new token's foreign key)
// deadlock, and PostgreSQL aborts one of them: when it picked the delete, the admin got a 500.
// The delete's transaction now runs again (lib/services/transaction.ts).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { randomUUID } from "node:crypto";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedApiKey, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import * as userRoute from "@/app/api/users/[id]/route";
import * as clientRoute from "@/app/api/oidc/clients/[id]/route";
import { db } from "@/lib/db/client";

describe.each(PROVIDERS)("admin deletes racing token requests, on %s", (provider) => {
  let t: TestDb;
  let aliceId: string;
  let cookie: string;
  let secret: string;
  let apiKey: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    apiKey = (await seedApiKey(admin.id)).token;
    aliceId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(aliceId);
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => t.cleanup());

  const auth = () => ({ authorization: basic("test-client", secret) });
  const newCode = async () => (await location(await authorizeGet(req(authorizeUrl({}), { cookie })))).searchParams.get("code")!;
  const exchange = async (code: string) =>
    (await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth() }))).json();
  const refresh = (refresh_token: string) => token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token }, headers: auth() }));
  const deleteUser = () => userRoute.DELETE(req(`/api/users/${aliceId}`, { method: "DELETE", headers: { "x-api-key": apiKey } }), ctx({ id: aliceId }));
  const deleteClient = () => clientRoute.DELETE(req("/api/oidc/clients/test-client", { method: "DELETE", headers: { "x-api-key": apiKey } }), ctx({ id: "test-client" }));

  /** Refresh tokens of `n` separate grant families of alice at test-client. */
  async function refreshTokens(n: number): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push((await exchange(await newCode())).refresh_token);
    return out;
  }

  for (const [what, remove, gone] of [
    ["user", deleteUser, () => db().user.count({ where: { id: aliceId } })],
    ["client", deleteClient, () => db().oidcClient.count()],
  ] as const) {
    it(`deleting the ${what} during 8 concurrent refreshes answers 204, and every refresh 200 or an RFC error`, async () => {
      const tokens = await refreshTokens(8);
      const [deleted, ...refreshed] = await Promise.all([remove(), ...tokens.map((rt) => refresh(rt))]);
      expect(deleted.status).toBe(204);
      expect(await gone()).toBe(0);
      for (const res of refreshed) {
        expect([200, 400, 401]).toContain(res.status);
        if (res.status !== 200) expect((await res.json()).error).toMatch(/^invalid_(grant|client)$/);
      }
      expect(await db().oauthRefreshToken.count()).toBe(0);
      expect(await db().oauthAccessToken.count()).toBe(0);
    });
  }

  /**
   * PostgreSQL, deterministic: another connection plays a refresh's transaction in the order that
   * deadlocks with the delete, and makes PostgreSQL abort the delete. It holds alice's refresh token
   * rows (a refresh consumes its token first); the delete locks the user or client row and waits for
   * them (cascade); then the other connection writes an access token for that user and client, which
   * needs the row the delete holds. PostgreSQL aborts the transaction whose deadlock check runs
   * first: the delete's, as it has waited longer (the other connection's check is made to wait 30 s).
   */
  async function deadlockedDelete(remove: () => Promise<Response>, lockedBy: "user_id" | "client_id") {
    await refreshTokens(1);
    const other = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await other.connect();
    try {
      await other.query("SET deadlock_timeout = '30s'");
      await other.query("BEGIN");
      const held = await other.query(`UPDATE "oauth_refresh_tokens" SET "consumed_at" = now() WHERE "${lockedBy}" = $1`, [lockedBy === "user_id" ? aliceId : "test-client"]);
      expect(held.rowCount).toBe(1);
      const pending = remove();
      for (;;) {
        const { rows } = await other.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()`);
        if (rows.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await other.query(
        `INSERT INTO "oauth_access_tokens" ("jti", "created_at", "client_id", "user_id", "scope", "expires_at") VALUES ($1, now(), 'test-client', $2, 'openid', now() + interval '1 hour')`,
        [randomUUID(), aliceId],
      );
      await other.query("COMMIT");
      return await pending;
    } finally {
      await other.end();
    }
  }

  it.runIf(provider === "postgresql")("deleting a user that PostgreSQL aborts for a deadlock with a refresh runs again and answers 204", async () => {
    const res = await deadlockedDelete(deleteUser, "user_id");
    expect(res.status).toBe(204);
    expect(await db().user.count({ where: { id: aliceId } })).toBe(0);
    expect(await db().oauthAccessToken.count()).toBe(0);
    expect(await db().auditLog.count({ where: { event: "USER_DELETED" } })).toBe(1);
  });

  it.runIf(provider === "postgresql")("deleting a client that PostgreSQL aborts for a deadlock with a refresh runs again and answers 204", async () => {
    const res = await deadlockedDelete(deleteClient, "client_id");
    expect(res.status).toBe(204);
    expect(await db().oidcClient.count()).toBe(0);
    expect(await db().oauthAccessToken.count()).toBe(0);
    expect(await db().auditLog.count({ where: { event: "CLIENT_DELETED" } })).toBe(1);
  });
});
