// pg-pool's query() destroyed its connection whenever a statement outside a transaction failed,
// even for an error PostgreSQL answers as a matter of course (a unique violation a service expects):
// the next statement paid for a new connection (lib/db/client.ts keepConnectionsOnStatementErrors).
// With a pool of one connection, the backend's pid says whether it is still the same connection.
// PostgreSQL only: SQLite has no pool.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { freshDatabase, type TestDb } from "../helpers/db";
import { createDb, sqlOf, type Db } from "@/lib/db/client";

describe("the PostgreSQL pool after a failed statement", () => {
  let t: TestDb;
  let single: Db;

  beforeEach(async () => {
    t = await freshDatabase("postgresql");
    single = createDb({ ...(t.target as { provider: "postgresql"; url: string }), maxConnections: 1 });
  });
  afterEach(async () => {
    await single.$disconnect();
    await t.cleanup();
  });

  const pid = async () => Number((await sqlOf(single).rows(`SELECT pg_backend_pid() AS "pid"`))[0].pid);
  const user = (username: string) => ({ username, usernameKey: username });

  it("keeps the connection after a unique violation, from plain SQL and from Prisma, and after a lock timeout", async () => {
    const before = await pid();
    const insert = `INSERT INTO "oauth_access_tokens" ("jti", "created_at", "client_id", "scope", "expires_at") VALUES (?, ?, ?, ?, ?)`;
    await single.oidcClient.create({ data: { id: "c1", name: "C", callbackUrls: "[]" } });
    const args = ["jti-1", new Date(), "c1", "", new Date(Date.now() + 60_000)];
    await sqlOf(single).run(insert, args);
    await expect(sqlOf(single).run(insert, args)).rejects.toThrow();
    expect(await pid()).toBe(before);

    await single.user.create({ data: user("dup") });
    await expect(single.user.create({ data: user("dup") })).rejects.toThrow();
    expect(await pid()).toBe(before);

    // 55P03: the row is locked by another connection for longer than lock_timeout.
    const holder = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await holder.connect();
    try {
      await holder.query("BEGIN");
      await holder.query(`SELECT 1 FROM "oauth_access_tokens" WHERE "jti" = 'jti-1' FOR UPDATE`);
      await sqlOf(single).run(`SET lock_timeout = 100`);
      await expect(sqlOf(single).run(`UPDATE "oauth_access_tokens" SET "revoked_at" = ? WHERE "jti" = 'jti-1'`, [new Date()])).rejects.toThrow();
      expect(await pid()).toBe(before);
    } finally {
      await holder.end();
    }
  });

  it("still replaces a connection PostgreSQL ended under a running statement", async () => {
    const before = await pid();
    const killer = new pg.Client({ connectionString: (t.target as { url: string }).url });
    await killer.connect();
    try {
      const sleeping = sqlOf(single)
        .rows(`SELECT pg_sleep(10)`)
        .then(() => null, (e: unknown) => e);
      // Once the statement runs, end its backend (57P01, FATAL): that connection is gone for good.
      for (let i = 0; i < 100; i++) {
        const r = await killer.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%'`, [before]);
        if (r.rowCount) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await killer.query(`SELECT pg_terminate_backend($1)`, [before]);
      expect(await sleeping).toBeInstanceOf(Error);
    } finally {
      await killer.end();
    }
    const after = await pid();
    expect(after).not.toBe(before);
  });
});
