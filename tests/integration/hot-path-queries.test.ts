// SQL statements per token, userinfo and introspection request (issue 10 item 5): the client row
// and its secrets are read once, each grant is one transaction; a change that adds a round trip
// to a hot path fails here. Counts statements, not time.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { POST as introspectPost } from "@/app/api/oidc/introspect/route";
import { createDb, db, setDbForTests, sqlOf as plainSql, type Db } from "@/lib/db/client";
import { refreshAppConfig } from "@/lib/config/app-config";
import { takeToken } from "@/lib/auth/rate-limit";
import { TEST_APP_URL } from "../helpers/db";
import { SoftPasskey } from "../helpers/soft-passkey.mjs";
import { GET as registerStart } from "@/app/api/webauthn/register/start/route";
import { POST as registerFinish } from "@/app/api/webauthn/register/finish/route";
import { GET as loginStart } from "@/app/api/webauthn/login/start/route";
import { POST as loginFinish } from "@/app/api/webauthn/login/finish/route";

describe.each(PROVIDERS)("statements per hot-path request on %s", (provider) => {
  let t: TestDb;
  let counted: Db;
  let log: string[] = [];
  let transactions = 0;
  let secret: string;
  let cookie: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    counted = createDb(t.target, {
      // The key ring's version check and the settings reload run at most every few seconds,
      // whichever request comes then: not a cost of the request, and not counted.
      observe: (e) => (e.kind === "statement" ? !/["`](kv|app_config_variables)["`]/.test(e.sql) && log.push(e.sql) : transactions++),
    });
    setDbForTests(counted);
    await refreshAppConfig();
    cookie = await sessionCookieFor((await seedUser("alice")).id);
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => {
    await counted.$disconnect();
    await t.cleanup();
  });

  const auth = () => ({ authorization: basic("test-client", secret) });
  async function measure<T>(fn: () => Promise<T>): Promise<{ value: T; statements: string[]; transactions: number }> {
    log = [];
    transactions = 0;
    const value = await fn();
    return { value, statements: [...log], transactions };
  }
  async function code() {
    const loc = await location(await authorizeGet(req(authorizeUrl({}, "openid profile email groups"), { cookie })));
    return loc.searchParams.get("code")!;
  }
  const exchange = async (c: string) =>
    (await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: c, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth() }))).json();

  // A data-modifying WITH (PostgreSQL) is named by its writes: "WITH INSERT INTO a + UPDATE b".
  const shape = (m: { statements: string[] }) =>
    sqlOf(m).map((q) =>
      q.startsWith("WITH ")
        ? "WITH " + [...q.matchAll(/(INSERT INTO|UPDATE) ([a-z_]+)/g)].map((w) => `${w[1]} ${w[2]}`).join(" + ")
        : ((q.match(/^(SELECT|UPDATE|INSERT INTO|DELETE FROM|COMMIT)/)?.[1] ?? q.slice(0, 12)) + " " + (q.match(/(?:FROM|UPDATE|INTO) ([a-z_]+)/)?.[1] ?? "")).trim(),
    );
  const sqlOf = (m: { statements: string[] }) => m.statements.map((q) => q.replace(/[`"]/g, "").replace(/(main|public)\./g, ""));

  it("answers each token grant, userinfo and introspection with the fewest statements, the grant's in one transaction", async () => {
    // Warm: the key ring and settings are loaded once per process (then every 5 s), not per request.
    await token(req("/api/oidc/token", { form: { grant_type: "client_credentials" }, headers: auth() }));
    const cc = await measure(() => token(req("/api/oidc/token", { form: { grant_type: "client_credentials" }, headers: auth() })));
    expect(cc.value.status).toBe(200);
    const c = await code();
    const ac = await measure(() => exchange(c));
    expect(typeof ac.value.refresh_token).toBe("string");
    const rt = await measure(async () => (await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: ac.value.refresh_token }, headers: auth() }))).json());
    expect(typeof rt.value.access_token).toBe("string");
    const ui = await measure(() => userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${rt.value.access_token}` } })));
    expect(ui.value.status).toBe(200);
    const ii = await measure(async () => (await introspectPost(req("/api/oidc/introspect", { form: { token: rt.value.access_token }, headers: auth() }))).json());
    expect(ii.value.active).toBe(true);

    // client_credentials: the client row with its secrets, the access token's record. No transaction.
    expect(shape(cc)).toEqual(["SELECT oidc_clients", "INSERT INTO oauth_access_tokens"]);
    expect(cc.transactions).toBe(0);
    // The client and its secrets are read once per request, whatever the grant.
    for (const m of [cc, ac, rt, ii]) {
      expect(sqlOf(m).filter((q) => /FROM oidc_clients /.test(q))).toHaveLength(1);
      expect(sqlOf(m).filter((q) => /oidc_client_secrets /.test(q))).toHaveLength(1);
      expect(sqlOf(m).filter((q) => /FROM oidc_clients .*JOIN oidc_client_secrets /.test(q))).toHaveLength(1);
    }
    // Code exchange and refresh: consume + issue + record in exactly one transaction.
    expect(ac.transactions).toBe(1);
    expect(rt.transactions).toBe(1);
    // The statements themselves, in order (issue 10 item 5): the user with its groups and all its
    // custom claims in one read; nothing read twice.
    if (provider === "sqlite") {
      expect(shape(ac)).toEqual([
        "SELECT oidc_clients", // with its live secrets, one read
        "UPDATE oauth_authorization_codes", // consumed, the row and its family's session and revocation returned
        "SELECT users", // with its groups and all its custom claims
        "INSERT INTO oauth_access_tokens",
        "INSERT INTO oauth_refresh_tokens",
        "UPDATE oauth_grants", // the family's expiry
        "COMMIT",
      ]);
      expect(shape(rt)).toEqual([
        "SELECT oidc_clients", // with its live secrets, one read
        "SELECT oauth_refresh_tokens", // with its grant
        "SELECT users",
        "UPDATE oauth_refresh_tokens", // consumed, successor named
        "UPDATE oauth_access_tokens", // the access tokens issued with it revoked
        "INSERT INTO oauth_access_tokens",
        "INSERT INTO oauth_refresh_tokens",
        // No grant update: the family read with the token already outlives the new one (by a day).
        "COMMIT",
      ]);
    } else {
      // PostgreSQL, where each statement is a round trip to another process: the user comes with
      // the code or token redeemed (and the token is locked FOR UPDATE), every write is one
      // data-modifying WITH just before COMMIT.
      expect(shape(ac)).toEqual([
        "SELECT oidc_clients",
        "UPDATE oauth_authorization_codes", // consumed; its family's session and revocation, its user with groups and claims
        "WITH INSERT INTO oauth_access_tokens + INSERT INTO oauth_refresh_tokens + UPDATE oauth_grants",
        "COMMIT",
      ]);
      expect(sqlOf(ac)[1]).toMatch(/FROM users u/);
      expect(shape(rt)).toEqual([
        "SELECT oidc_clients",
        "SELECT oauth_refresh_tokens", // with its grant and its user, FOR UPDATE
        "WITH UPDATE oauth_refresh_tokens + UPDATE oauth_access_tokens + INSERT INTO oauth_access_tokens + INSERT INTO oauth_refresh_tokens",
        "COMMIT",
      ]);
      expect(sqlOf(rt)[1]).toMatch(/FROM users u.* FOR UPDATE OF r$/);
    }
    // The family outlives its newest refresh token (cleanup deletes it by that expiry).
    const grant = await db().oauthGrant.findFirstOrThrow({ include: { refreshTokens: { orderBy: { createdAt: "desc" } } } });
    expect(grant.refreshTokens).toHaveLength(2);
    for (const r of grant.refreshTokens) expect(grant.expiresAt.getTime()).toBeGreaterThanOrEqual(r.expiresAt.getTime());
    // A day or more later (the family's expiry no longer covers a new token): moved again, a day past it.
    await db().oauthGrant.update({ where: { id: grant.id }, data: { expiresAt: new Date(Date.now() + 60_000) } });
    const later = await measure(async () => (await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: rt.value.refresh_token }, headers: auth() }))).json());
    expect(typeof later.value.refresh_token).toBe("string");
    expect(shape(later).some((q) => /UPDATE oauth_grants/.test(q))).toBe(true);
    const moved = await db().oauthGrant.findFirstOrThrow({ include: { refreshTokens: { orderBy: { createdAt: "desc" }, take: 1 } } });
    expect(moved.expiresAt.getTime()).toBeGreaterThanOrEqual(moved.refreshTokens[0].expiresAt.getTime() + 23 * 3600_000);
    // Userinfo: the token, its user with groups and claims, its client's claim mapping; on
    // PostgreSQL in one statement.
    expect(shape(ui)).toEqual(provider === "sqlite" ? ["SELECT oauth_access_tokens", "SELECT users", "SELECT oidc_clients"] : ["SELECT oauth_access_tokens"]);
    if (provider === "postgresql") expect(sqlOf(ui)[0]).toMatch(/JOIN oidc_clients c .*FROM users u/);
    // Introspection of an access token: whether the user is enabled, no claims (PostgreSQL: with the token).
    expect(shape(ii)).toEqual(["SELECT oidc_clients", "SELECT oauth_access_tokens", ...(provider === "sqlite" ? ["SELECT users"] : [])]);
    if (provider === "postgresql") expect(sqlOf(ii)[1]).toMatch(/JOIN users u ON u.id = t.user_id/);
    expect(ui.transactions + ii.transactions).toBe(0);
  });

  it.runIf(provider === "postgresql")("sends the hot statements as named prepared statements on PostgreSQL, Prisma's own unnamed", async () => {
    // One pooled connection, so the session asked below is the one that served the requests.
    const single = createDb({ ...(t.target as { provider: "postgresql"; url: string }), maxConnections: 1 });
    setDbForTests(single);
    try {
      for (let i = 0; i < 2; i++) {
        const r = await token(req("/api/oidc/token", { form: { grant_type: "client_credentials" }, headers: auth() }));
        expect(r.status).toBe(200);
      }
      const prepared = await plainSql(single).rows(`SELECT "name", "statement" FROM pg_prepared_statements`);
      const texts = prepared.map((p) => String(p.statement));
      // Parsed once per connection and kept (PostgreSQL plans it once it has seen it a few times).
      expect(texts.filter((q) => /FROM "oidc_clients" c LEFT JOIN "oidc_client_secrets"/.test(q))).toHaveLength(1);
      expect(texts.filter((q) => /^INSERT INTO "oauth_access_tokens"/.test(q))).toHaveLength(1);
      expect(prepared.every((p) => /^pid_\d+$/.test(String(p.name)))).toBe(true);
    } finally {
      setDbForTests(counted);
      await single.$disconnect();
    }
  });

  it("signs in with a passkey in few statements: the ceremony consumed by one delete, the sign-in in one transaction", async () => {
    const origin = { origin: TEST_APP_URL };
    const start = await registerStart(req("/api/webauthn/register/start", { cookie }), undefined);
    const passkey = new SoftPasskey({ origin: TEST_APP_URL });
    const registration = passkey.register(await start.json());
    const ceremony = start.headers.get("set-cookie")!.split(";")[0];
    expect((await registerFinish(req("/api/webauthn/register/finish", { json: registration, cookie: `${cookie}; ${ceremony}`, headers: origin }), undefined)).status).toBe(201);
    const signIn = async () => {
      const begun = await measure(() => loginStart(req("/api/webauthn/login/start"), undefined));
      const { challenge } = await begun.value.json();
      const ceremonyCookie = begun.value.headers.get("set-cookie")!.split(";")[0];
      const done = await measure(() => loginFinish(req("/api/webauthn/login/finish", { json: passkey.assert({ challenge }), cookie: ceremonyCookie, headers: origin }), undefined));
      expect(done.value.status).toBe(200);
      return { begun, done };
    };
    await signIn(); // warm: the settings and the rate limiter's first bucket
    const { begun, done } = await signIn();
    expect(shape(begun)).toEqual(["INSERT INTO webauthn_sessions"]);
    expect(shape(done)).toEqual([
      expect.stringMatching(/rate_limits$/), // the per-address bucket, one upsert
      "DELETE FROM webauthn_sessions", // the ceremony, read and consumed at once (RETURNING)
      "SELECT webauthn_credentials",
      "SELECT users",
      "UPDATE webauthn_credentials", // counter, backup state, last use
      "INSERT INTO sessions",
      "INSERT INTO audit_logs",
      "COMMIT",
    ]);
    expect(done.transactions).toBe(1);
  });

  it("takes a rate-limit token in one statement, and refuses a full bucket from memory until it has room", async () => {
    const policy = { name: "hot", intervalMs: 10_000, burst: 2 };
    const now = 1_800_000_000_000;
    const first = await measure(() => takeToken(policy, "198.51.100.9", now));
    expect(first.value).toBe(0);
    expect(first.statements).toHaveLength(1); // a new bucket too: no read, no second insert
    expect((await measure(() => takeToken(policy, "198.51.100.9", now))).statements).toHaveLength(1);
    const refused = await measure(() => takeToken(policy, "198.51.100.9", now));
    expect(refused.value).toBe(10);
    expect(refused.statements).toHaveLength(2); // the refused upsert, and the read saying how long
    const again = await measure(() => takeToken(policy, "198.51.100.9", now + 5_000));
    expect(again.value).toBe(5);
    expect(again.statements).toHaveLength(0);
    // Once the bucket has room again, the database decides (another replica may have taken it).
    await db().rateLimit.update({ where: { key: "hot:198.51.100.9" }, data: { tat: BigInt(now + 40_000) } });
    const shared = await measure(() => takeToken(policy, "198.51.100.9", now + 10_000));
    expect(shared.value).toBe(20);
    expect(shared.statements).toHaveLength(2);
  });
});
