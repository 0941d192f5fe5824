// Another process holding SQLite's write lock for longer than the busy timeout (the CLI, a backup,
// a second replica, a migration) made the server's next transaction fail at BEGIN IMMEDIATE
// (sqlite-connection.ts). Prisma's better-sqlite3 adapter takes its own transaction mutex before
// BEGIN and never releases it when BEGIN throws: every later transaction, and every query queued
// behind it (serialized-sqlite.ts), waited forever: the server answered no token request again
// until restarted. Now such a transaction fails on its own, and the next one runs.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase, type TestDb } from "../helpers/db";
import { db, sqlOf } from "@/lib/db/client";

describe("the SQLite write lock held by another process beyond the busy timeout", () => {
  let t: TestDb;
  let holder: Database.Database | null = null;
  beforeEach(async () => {
    t = await freshDatabase("sqlite");
  });
  afterEach(async () => {
    holder?.close();
    holder = null;
    await t.cleanup();
  });

  it("fails the transaction that met it, and runs the next ones once the lock is released", async () => {
    const sql = sqlOf(db());
    await sql.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, ["before", "1"]);
    holder = new Database((t.target as { path: string }).path, { timeout: 0 });
    holder.prepare("BEGIN IMMEDIATE").run();
    // Both ways the server opens a transaction: plain SQL (token endpoint) and Prisma's.
    await expect(sql.transaction((q) => q.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, ["during", "1"]))).rejects.toThrow();
    holder.prepare("ROLLBACK").run();

    await sql.transaction((q) => q.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, ["after", "1"]));
    await db().$transaction(async (tx) => tx.kv.create({ data: { key: "after-prisma", value: "1" } }));
    const keys = (await sql.rows(`SELECT "key" FROM "kv" WHERE "key" IN ('before', 'during', 'after', 'after-prisma') ORDER BY "key"`)).map((r) => r.key);
    expect(keys).toEqual(["after", "after-prisma", "before"]);
  });
});
