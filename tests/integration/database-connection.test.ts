// How the server opens its database (issue 10 item 5): SQLite runs with the pragmas chosen in
// lib/db/sqlite-connection.ts (WAL, synchronous=NORMAL, busy timeout, mmap) and reuses prepared
// statements without mixing up their arguments; PostgreSQL keeps at most DB_MAX_CONNECTIONS.
import { afterEach, describe, expect, it } from "vitest";
import pg from "pg";
import { spawn } from "node:child_process";
import { createPgDatabase, freshDatabase, type TestDb } from "../helpers/db";
import { createDb } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { seedUser } from "../helpers/seed";
import { db } from "@/lib/db/client";

describe("SQLite connection", () => {
  let t: TestDb;
  afterEach(async () => t.cleanup());

  it("runs with WAL, synchronous=NORMAL, a 5 s busy timeout and 64 MiB of mmap", async () => {
    t = await freshDatabase("sqlite");
    const one = async (pragma: string) => Object.values((await db().$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${pragma}`))[0])[0];
    expect(String(await one("journal_mode")).toLowerCase()).toBe("wal");
    expect(Number(await one("synchronous"))).toBe(1); // NORMAL (FULL is 2)
    expect(Number(await one("busy_timeout"))).toBe(5000);
    expect(Number(await one("foreign_keys"))).toBe(1);
    expect(Number(await one("mmap_size"))).toBe(64 * 1024 * 1024);
  });

  it("answers the same statement with different arguments correctly (prepared statements are reused)", async () => {
    t = await freshDatabase("sqlite");
    const names = ["ann", "bob", "cyd", "dee"];
    for (const n of names) await seedUser(n);
    // The same SQL text, many times, interleaved with writes of another statement.
    for (let round = 0; round < 3; round++) {
      for (const n of names) {
        const u = await db().user.findFirst({ where: { username: n } });
        expect(u?.username).toBe(n);
        await db().user.updateMany({ where: { username: n }, data: { lastName: `L${round}` } });
      }
    }
    expect((await db().user.findMany({ orderBy: { username: "asc" } })).map((u) => `${u.username}:${u.lastName}`)).toEqual(names.map((n) => `${n}:L2`));
    expect(await db().user.findFirst({ where: { username: "nobody" } })).toBeNull();
  });

  it("waits for another process's write instead of failing a transaction that reads, then writes", async () => {
    t = await freshDatabase("sqlite");
    const alice = await seedUser("alice");
    // Another process (a second replica, the CLI) holds the write lock for a moment. A deferred
    // BEGIN took no lock: the transaction read, then its first write failed at once with
    // SQLITE_BUSY (SQLite calls no busy handler inside a read transaction). Two replicas
    // refreshing the same token answered 500.
    const holder = spawn(
      process.execPath,
      ["-e", `const d = new (require("better-sqlite3"))(process.argv[1]); d.exec("BEGIN IMMEDIATE; UPDATE users SET last_name = 'other' WHERE 0"); process.stdout.write("locked"); setTimeout(() => { d.exec("COMMIT"); d.close(); }, 400);`, process.env.DB_CONNECTION_STRING!],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    const exited = new Promise((r) => holder.once("exit", r));
    await new Promise((r) => holder.stdout.once("data", r));
    const renamed = await db().$transaction(async (tx) => {
      const user = await tx.user.findUniqueOrThrow({ where: { id: alice.id } });
      return tx.user.update({ where: { id: user.id }, data: { lastName: `${user.lastName}!` } });
    });
    expect(renamed.lastName.endsWith("!")).toBe(true);
    await exited;
  });
});

describe("PostgreSQL connection pool", () => {
  it("keeps at most DB_MAX_CONNECTIONS connections, however many queries wait", async () => {
    const created = await createPgDatabase();
    const target = { provider: "postgresql" as const, url: created.url, maxConnections: 2 };
    await runMigrations(target);
    const client = createDb(target);
    const watcher = new pg.Client({ connectionString: created.url });
    await watcher.connect();
    try {
      const name = new URL(created.url).pathname.slice(1);
      let done = false;
      const busy = Promise.all(Array.from({ length: 6 }, () => client.$queryRawUnsafe("SELECT pg_sleep(0.3)::text AS slept"))).finally(() => (done = true));
      // Sampled while the queries run: the pool opens connections as they are needed. Client
      // backends only: an autovacuum worker on the fresh tables also shows under the database's name.
      let most = 0;
      while (!done) {
        const { rows } = await watcher.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND backend_type = 'client backend'", [name]);
        most = Math.max(most, rows[0].n);
        await new Promise((r) => setTimeout(r, 20));
      }
      await busy;
      expect(most).toBe(2);
    } finally {
      await watcher.end();
      await client.$disconnect();
      await created.drop();
    }
  });
});
