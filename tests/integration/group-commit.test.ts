// client_credentials' access-token records are committed together on SQLite when they arrive at
// the same moment (lib/db/sql.ts runGrouped): fewer commits, each token still on record before
// its answer, and one failing write never takes the others with it.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { basic, seedClient } from "../helpers/seed";
import { POST as token } from "@/app/api/oidc/token/route";
import { POST as introspect } from "@/app/api/oidc/introspect/route";
import { createDb, db, setDbForTests, sqlOf, type Db } from "@/lib/db/client";
import { refreshAppConfig } from "@/lib/config/app-config";

describe.each(PROVIDERS)("grouped writes on %s", (provider) => {
  let t: TestDb;
  let counted: Db;
  let inserts = 0;
  let transactions = 0;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    counted = createDb(t.target, {
      observe: (e) => (e.kind === "statement" ? /^INSERT INTO ["`]?oauth_access_tokens/.test(e.sql) && inserts++ : transactions++),
    });
    setDbForTests(counted);
    await refreshAppConfig();
  });
  afterEach(async () => {
    await counted.$disconnect();
    await t.cleanup();
  });

  it("commits simultaneous client_credentials tokens together, each on record before it is answered", async () => {
    const secret = (await seedClient({ id: "svc" })).secret!;
    const auth = { authorization: basic("svc", secret) };
    const ask = () => token(req("/api/oidc/token", { form: { grant_type: "client_credentials" }, headers: auth }));
    await ask(); // warm: keys and settings
    inserts = 0;
    transactions = 0;
    const answers = await Promise.all(Array.from({ length: 8 }, ask));
    const tokens = await Promise.all(answers.map(async (r) => (expect(r.status).toBe(200), ((await r.json()) as { access_token: string }).access_token)));
    expect(inserts).toBe(8);
    // SQLite: the eight in a few commits (grouped per turn of the event loop; without grouping each
    // is its own autocommit, no transaction); PostgreSQL: each on its own, as before.
    if (provider === "sqlite") {
      expect(transactions).toBeGreaterThanOrEqual(1);
      expect(transactions).toBeLessThanOrEqual(4);
    } else {
      expect(transactions).toBe(0);
    }
    // Every token answered is on record: introspection finds each one active.
    for (const tok of tokens) {
      const r = await introspect(req("/api/oidc/introspect", { form: { token: tok }, headers: auth }));
      expect(((await r.json()) as { active: boolean }).active).toBe(true);
    }
  });

  it("lets transactions waiting for one share its commit, each rolled back alone when it fails", async () => {
    const sql = sqlOf(db());
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const put = (key: string, fail = false) =>
      sql.transaction(async (q) => {
        await q.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, [key, "v"]);
        if (key === "first") await held; // the others queue meanwhile
        if (fail) throw new Error(`${key} failed`);
        return key;
      });
    const first = put("first");
    await new Promise((r) => setTimeout(r, 20));
    transactions = 0;
    const others = [put("a"), put("b", true), put("c")];
    release();
    const results = await Promise.allSettled([first, ...others]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["first", "a", "b failed", "c"]);
    const keys = (await db().kv.findMany({ where: { key: { in: ["first", "a", "b", "c"] } }, orderBy: { key: "asc" } })).map((r) => r.key);
    expect(keys).toEqual(["a", "c", "first"]);
    // SQLite: the three that waited joined the first's transaction (one commit in all);
    // PostgreSQL: each its own transaction, as before.
    expect(transactions).toBe(provider === "sqlite" ? 0 : 3);
  });

  it("commits simultaneous refreshes together (SQLite), every chain continuing", async () => {
    const { prismaOidcStore } = await import("@/lib/db/oidc-store");
    const { sha256Hex } = await import("@/lib/crypto/hash");
    const { seedUser } = await import("../helpers/seed");
    const secret = (await seedClient({ id: "web" })).secret!;
    const user = await seedUser("alice");
    const store = prismaOidcStore(db());
    const chains: string[] = [];
    for (let i = 0; i < 6; i++) {
      const grantId = await store.createGrant({ clientId: "web", userId: user.id, sessionId: null, scope: ["openid"], nonce: null, amr: ["phr"], authTime: new Date(), expiresAt: new Date(Date.now() + 1e9), resource: null });
      const value = `chain-${i}-${"x".repeat(30)}`;
      await store.recordRefreshToken({ id: crypto.randomUUID(), tokenHash: sha256Hex(value), grantId, clientId: "web", userId: user.id, scope: ["openid"], expiresAt: new Date(Date.now() + 1e9), idTokenJti: null, grant: { nonce: null, amr: ["phr"], authTime: new Date() } });
      chains.push(value);
    }
    const auth = { authorization: basic("web", secret) };
    let total = 0;
    for (let round = 0; round < 3; round++) {
      transactions = 0;
      const answers = await Promise.all(chains.map((rt) => token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: rt }, headers: auth }))));
      const bodies = (await Promise.all(answers.map((r) => r.json()))) as { refresh_token?: string; error?: string }[];
      expect(answers.map((r) => r.status)).toEqual(chains.map(() => 200));
      bodies.forEach((b, i) => (chains[i] = b.refresh_token!));
      total += transactions;
      if (provider === "postgresql") expect(transactions).toBeGreaterThanOrEqual(6); // each its own (a conflict may run one again)
    }
    // Eighteen transactions in fewer commits on SQLite (each counted transaction is one BEGIN ...
    // COMMIT). Counted over the three rounds: whether a round's six overlap depends on when the
    // thread pool finishes each request's earlier work, which a loaded machine spreads out.
    if (provider === "sqlite") expect(total).toBeLessThan(18);
    expect(new Set(chains).size).toBe(6);
  });

  it("fails only the write that fails: the others of its group are committed", async () => {
    const sql = sqlOf(db());
    const insert = (key: string) => sql.runGrouped(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, [key, "v"]);
    const results = await Promise.allSettled([insert("k1"), insert("k1"), insert("k2")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(results[0]).toEqual({ status: "fulfilled", value: 1 });
    const keys = (await db().kv.findMany({ where: { key: { in: ["k1", "k2"] } }, orderBy: { key: "asc" } })).map((r) => r.key);
    expect(keys).toEqual(["k1", "k2"]);
  });
});
