// A row lock held elsewhere (an admin's transaction, a stuck client of the database) used to make a
// token request on PostgreSQL wait for as long as the lock lasted: plain-SQL transactions have no
// timeout of their own. Each pooled connection now has lock_timeout (lib/db/client.ts): the request
// answers 503 temporarily_unavailable with Retry-After, changes nothing, and the same request
// succeeds once the lock is gone. PostgreSQL only: SQLite has one connection and its busy timeout.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { createDb, setDbForTests, type Db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";

describe("a token request meeting a row lock held elsewhere, on postgresql", () => {
  let t: TestDb;
  let bounded: Db;
  let holder: pg.Client;
  let cookie: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase("postgresql");
    // A short bound, so the test does not wait the default 5 s.
    bounded = createDb({ ...(t.target as { provider: "postgresql"; url: string }), lockTimeoutMs: 200 });
    setDbForTests(bounded);
    cookie = await sessionCookieFor((await seedUser("alice")).id);
    secret = (await seedClient({ skipConsent: true })).secret!;
    holder = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await holder.connect();
  });
  afterEach(async () => {
    await holder.end().catch(() => undefined);
    setDbForTests(t.db);
    await bounded.$disconnect();
    await t.cleanup();
  });

  const headers = () => ({ authorization: basic("test-client", secret) });
  const newCode = async () => (await location(await authorizeGet(req(authorizeUrl({}), { cookie })))).searchParams.get("code")!;
  const exchange = (code: string) =>
    token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: headers() }));
  const refresh = (refresh_token: string) => token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token }, headers: headers() }));
  /** Locks the row another transaction would update, until `release`. */
  async function lockRow(table: string, column: string, value: string) {
    await holder.query("BEGIN");
    const locked = await holder.query(`SELECT 1 FROM "${table}" WHERE "${column}" = $1 FOR UPDATE`, [value]);
    expect(locked.rowCount).toBe(1);
    return { release: () => holder.query("ROLLBACK") };
  }

  it("answers a code exchange 503 temporarily_unavailable while the code's row is locked, and exchanges it after", async () => {
    const code = await newCode();
    const lock = await lockRow("oauth_authorization_codes", "code_hash", sha256Hex(code));
    const busy = await exchange(code);
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("1");
    expect(busy.headers.get("cache-control")).toContain("no-store");
    expect(await busy.json()).toMatchObject({ error: "temporarily_unavailable" });
    await lock.release();
    // Nothing was consumed: the same code still works, once.
    const ok = await exchange(code);
    expect(ok.status).toBe(200);
    expect(typeof (await ok.json()).access_token).toBe("string");
  });

  it("answers a refresh 503 temporarily_unavailable while the token's row is locked, and rotates it after", async () => {
    const first = await (await exchange(await newCode())).json();
    const lock = await lockRow("oauth_refresh_tokens", "token_hash", sha256Hex(first.refresh_token));
    const busy = await refresh(first.refresh_token);
    expect(busy.status).toBe(503);
    expect(await busy.json()).toMatchObject({ error: "temporarily_unavailable" });
    await lock.release();
    const ok = await refresh(first.refresh_token);
    expect(ok.status).toBe(200);
    const next = await ok.json();
    expect(next.refresh_token).not.toBe(first.refresh_token);
    // The rotation that failed named no successor: the new token is the only one, and it rotates.
    expect((await refresh(next.refresh_token)).status).toBe(200);
  });
});
