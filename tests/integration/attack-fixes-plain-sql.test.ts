// Outside attack on the token endpoint, userinfo and introspection after their store moved to plain
// SQL (lib/db/oidc-store-sql.ts, lib/db/sql.ts), on SQLite and PostgreSQL: a code redeemed 20 times
// at once, a refresh token rotated 20 times at once, and (SQLite, which stores dates as text) a
// date column holding something that is no date: Prisma reads it as an invalid Date, and every
// `expiresAt <= now` is false for one, so such a token never expired (it must fail closed). And
// after db().$disconnect() plain SQL kept the closed connection (SQLite) or ended pool (PostgreSQL):
// 500 for every token request, while Prisma itself reconnects on its next query. On PostgreSQL, a
// refresh or code exchange racing an admin deleting the user died in a deadlock (500): the
// transaction is now run again, and then finds the token gone (invalid_grant).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { POST as introspectPost } from "@/app/api/oidc/introspect/route";
import { db, sqlOf } from "@/lib/db/client";
import { prismaOidcStore } from "@/lib/db/oidc-store";
import { sha256Hex } from "@/lib/crypto/hash";
import pg from "pg";

describe.each(PROVIDERS)("token endpoint on plain SQL, attacked, on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    cookie = await sessionCookieFor((await seedUser("alice")).id);
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => t.cleanup());

  const headers = () => ({ authorization: basic("test-client", secret) });
  const newCode = async () => (await location(await authorizeGet(req(authorizeUrl({}), { cookie })))).searchParams.get("code")!;
  const exchange = (code: string) =>
    token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: headers() }));
  const refresh = (refresh_token: string) => token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token }, headers: headers() }));
  const userinfo = (accessToken: string) => userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${accessToken}` } }));
  const introspect = async (tokenValue: string) =>
    (await introspectPost(req("/api/oidc/introspect", { method: "POST", form: { token: tokenValue }, headers: headers() }))).json();

  it("a code redeemed 20 times at once: one set of tokens, 19 invalid_grant, and the replay revokes what the one got", async () => {
    const code = await newCode();
    const responses = await Promise.all(Array.from({ length: 20 }, () => exchange(code)));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(responses.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(400)]);
    for (const b of bodies.filter((b) => b.error)) expect(b.error).toBe("invalid_grant");
    const winner = bodies.find((b) => b.access_token);
    expect((await userinfo(winner.access_token)).status).toBe(401);
    expect(await (await refresh(winner.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    // Exactly what the one redemption recorded: no tokens without it, none twice.
    expect(await db().oauthAccessToken.count()).toBe(1);
    expect(await db().oauthRefreshToken.count()).toBe(1);
    expect(await db().auditLog.count({ where: { event: "AUTHORIZATION_CODE_REUSED" } })).toBe(19);
  });

  it("a refresh token rotated 20 times at once: every caller gets the same successor, which then works alone", async () => {
    const first = await (await exchange(await newCode())).json();
    const responses = await Promise.all(Array.from({ length: 20 }, () => refresh(first.refresh_token)));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    const bodies = await Promise.all(responses.map((r) => r.json()));
    expect(new Set(bodies.map((b) => b.refresh_token)).size).toBe(1);
    expect(new Set(bodies.map((b) => b.access_token)).size).toBe(20);
    expect(await db().oauthRefreshToken.count()).toBe(2);
    expect((await refresh(bodies[0].refresh_token)).status).toBe(200);
    expect(await db().oauthGrant.count({ where: { revokedAt: { not: null } } })).toBe(0);
  });

  it.runIf(provider === "sqlite")("a token whose expiry column holds no readable date is expired, not eternal", async () => {
    const a = await (await exchange(await newCode())).json();
    const b = await (await exchange(await newCode())).json();
    const sql = sqlOf(db());
    // Written by hand or another program: text SQLite keeps as it is.
    await sql.run(`UPDATE "oauth_access_tokens" SET "expires_at" = 'never'`);
    await sql.run(`UPDATE "oauth_refresh_tokens" SET "expires_at" = '2020-01-01 00:00:00 +0000 UTC' WHERE "token_hash" = ?`, [sha256Hex(a.refresh_token)]);
    await sql.run(`UPDATE "oauth_refresh_tokens" SET "expires_at" = 'never' WHERE "token_hash" = ?`, [sha256Hex(b.refresh_token)]);
    expect((await userinfo(a.access_token)).status).toBe(401);
    expect(await introspect(a.access_token)).toEqual({ active: false });
    expect(await introspect(a.refresh_token)).toEqual({ active: false });
    expect(await (await refresh(a.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    expect(await (await refresh(b.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    const code = await newCode();
    await sql.run(`UPDATE "oauth_authorization_codes" SET "expires_at" = 'tomorrow' WHERE "code_hash" = ?`, [sha256Hex(code)]);
    expect(await (await exchange(code)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("keeps answering after the client disconnected: plain SQL reconnects as Prisma does", async () => {
    const first = await (await exchange(await newCode())).json();
    const code = await newCode();
    await db().$disconnect();
    const res = await exchange(code);
    expect(res.status).toBe(200);
    await db().$disconnect();
    expect((await refresh(first.refresh_token)).status).toBe(200);
    expect((await userinfo((await res.json()).access_token)).status).toBe(200);
  });

  /**
   * PostgreSQL: another connection deletes the user while `request` runs, in the order that makes
   * the two deadlock: it locks the user row first, waits until the request's transaction waits for
   * that lock (its new token references the user), then deletes (which waits for the request's row
   * lock on the used token or code). PostgreSQL aborts one of the two.
   */
  async function deleteUserDuringRequest(request: () => Promise<Response>) {
    const admin = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await admin.connect();
    try {
      const { rows } = await admin.query(`SELECT "id" FROM "users"`);
      await admin.query("BEGIN");
      await admin.query(`SELECT 1 FROM "users" WHERE "id" = $1 FOR UPDATE`, [rows[0].id]);
      const pending = request();
      for (;;) {
        const { rows: waiting } = await admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`);
        if (waiting.length) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await admin.query(`DELETE FROM "users" WHERE "id" = $1`, [rows[0].id]).then(
        () => admin.query("COMMIT"),
        () => admin.query("ROLLBACK"),
      );
      return await pending;
    } finally {
      await admin.end();
    }
  }

  it.runIf(provider === "postgresql")("a refresh or code exchange racing the user's deletion answers invalid_grant, not 500", async () => {
    const first = await (await exchange(await newCode())).json();
    const code = await newCode();
    const refreshed = await deleteUserDuringRequest(() => refresh(first.refresh_token));
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant" });
    expect(await db().user.count()).toBe(0);
    expect(await (await exchange(code)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("hands a grant transaction a store that is no promise, and refuses a method that would run outside the transaction", async () => {
    const outcome = await prismaOidcStore(db()).transaction(async (store) => {
      // Awaiting the store itself must give the store (a `then` on it would hang the request).
      const awaited = await Promise.resolve(store);
      const outside = await store.findConsent("u", "c").then(
        () => "ran",
        (e: Error) => e.message,
      );
      return { same: awaited === store, outside };
    });
    expect(outcome.same).toBe(true);
    expect(outcome.outside).toMatch(/not available inside a grant transaction/);
  });
});
