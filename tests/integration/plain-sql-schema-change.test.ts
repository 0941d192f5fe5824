// The plain-SQL hot statements are named prepared statements on PostgreSQL (lib/db/sql.ts): each
// pooled connection keeps them, with the result columns they had when first parsed. A schema change
// made while the server runs (a migration of the next version beside a running replica, an
// operator's ALTER TABLE) that changes the type of a column they return made PostgreSQL refuse
// their next run on every connection ("cached plan must not change result type"): a token request
// answered 500 once per connection and statement. PostgreSQL plans the statement again on the
// run after that, so it now runs once more instead. PostgreSQL only: SQLite has no such cache.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { POST as introspect } from "@/app/api/oidc/introspect/route";
import { createDb, setDbForTests, type Db } from "@/lib/db/client";

describe("the hot statements after a column changes type under a running server, on postgresql", () => {
  let t: TestDb;
  let single: Db;
  let admin: pg.Client;
  let secret: string;
  let cookie: string;

  beforeEach(async () => {
    t = await freshDatabase("postgresql");
    // One pooled connection: the connection that prepared the statements is the one asked again.
    cookie = await sessionCookieFor((await seedUser("alice")).id);
    secret = (await seedClient({ skipConsent: true })).secret!;
    single = createDb({ ...(t.target as { provider: "postgresql"; url: string }), maxConnections: 1 });
    setDbForTests(single);
    admin = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await admin.connect();
  });
  afterEach(async () => {
    await admin.end().catch(() => undefined);
    setDbForTests(t.db);
    await single.$disconnect();
    await t.cleanup();
  });

  const headers = () => ({ authorization: basic("test-client", secret) });
  const clientToken = async () => {
    const r = await token(req("/api/oidc/token", { form: { grant_type: "client_credentials" }, headers: headers() }));
    expect(r.status).toBe(200);
    return (await r.json()).access_token as string;
  };
  const inspect = (tokenValue: string) => introspect(req("/api/oidc/introspect", { form: { token: tokenValue }, headers: headers() }));

  it("introspects a token after its table's scope column changed type (a statement outside a transaction)", async () => {
    const access = await clientToken();
    expect(await (await inspect(access)).json()).toMatchObject({ active: true });
    await admin.query(`ALTER TABLE "oauth_access_tokens" ALTER COLUMN "scope" TYPE varchar(4000)`);
    const after = await inspect(access);
    expect(after.status).toBe(200);
    expect(await after.json()).toMatchObject({ active: true, client_id: "test-client" });
  });

  it("exchanges a code after the codes table's scope column changed type (a statement inside a transaction)", async () => {
    const code = async () => (await location(await authorizeGet(req(authorizeUrl({}), { cookie })))).searchParams.get("code")!;
    const exchange = async () =>
      token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: await code(), redirect_uri: CB, code_verifier: VERIFIER }, headers: headers() }));
    expect((await exchange()).status).toBe(200);
    await admin.query(`ALTER TABLE "oauth_authorization_codes" ALTER COLUMN "scope" TYPE varchar(4000)`);
    const after = await exchange();
    expect(after.status).toBe(200);
    expect(typeof (await after.json()).access_token).toBe("string");
  });
});
