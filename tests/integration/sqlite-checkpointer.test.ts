// The SQLite WAL is copied back into the database file by a thread of its own
// (lib/db/sqlite-checkpointer.ts), not by the server's connection inside a request's commit.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { buildSync } from "esbuild";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase, type TestDb } from "../helpers/db";
import { createDb, db, sqlOf } from "@/lib/db/client";
import { JOURNAL_SIZE_LIMIT, MAIN_CONNECTION_THRESHOLD, liveCheckpointers, startCheckpointer } from "@/lib/db/sqlite-checkpointer";

const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

const cwdAtStart = process.cwd();

describe("WAL checkpoints on SQLite", () => {
  let t: TestDb;
  let running: number;
  beforeEach(async () => {
    running = liveCheckpointers();
    t = await freshDatabase("sqlite");
  });
  afterEach(async () => t.cleanup());

  it("copies committed pages into the database file while the server's connection keeps only a backstop", async () => {
    const path = (t.target as { path: string }).path;
    const sql = sqlOf(db());
    // The server's connection hands checkpoints over once the thread runs.
    await until("the checkpoint thread runs", async () => Number((await sql.rows("PRAGMA wal_autocheckpoint"))[0]?.wal_autocheckpoint) === MAIN_CONNECTION_THRESHOLD);
    expect(liveCheckpointers()).toBe(running + 1);
    expect(Number((await sql.rows("PRAGMA journal_size_limit"))[0]?.journal_size_limit)).toBe(JOURNAL_SIZE_LIMIT);

    const before = statSync(path).size;
    // A few hundred pages' worth of commits: far below the 1,000 pages after which the server's
    // connection would have checkpointed by itself (and below its backstop now).
    for (let i = 0; i < 60; i++) {
      await sql.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, [`k${i}`, "x".repeat(2000)]);
    }
    // The rows reach the database file itself (the log is copied back), with nobody else checkpointing.
    await until("the database file holds the new pages", () => statSync(path).size >= before + 60 * 2000);
    const reader = new Database(path, { readonly: true });
    try {
      expect(reader.prepare(`SELECT count(*) AS n FROM "kv" WHERE "key" LIKE 'k%'`).get()).toEqual({ n: 60 });
    } finally {
      reader.close();
    }
  });

  it("stops the thread when the client disconnects, and starts it again with the next connection", async () => {
    await sqlOf(db()).rows("SELECT 1");
    await until("the checkpoint thread runs", () => liveCheckpointers() === running + 1);
    await db().$disconnect();
    expect(liveCheckpointers()).toBe(running);
    // Prisma reconnects on the next query: with a new connection, a new thread.
    expect(await db().kv.count()).toBeGreaterThanOrEqual(0);
    await until("a new checkpoint thread runs", () => liveCheckpointers() === running + 1);
  });

  it("ends a thread still starting when the client disconnects: none is left once $disconnect resolves", async () => {
    await sqlOf(db()).rows("SELECT 1");
    await until("the server connection's thread runs", () => liveCheckpointers() === running + 1);
    // A second client on the file, disconnected right after its first query: its thread (a new
    // isolate loading a native module) is still starting then.
    const other = createDb(t.target);
    expect(await other.kv.count()).toBeGreaterThanOrEqual(0);
    await other.$disconnect();
    expect(liveCheckpointers()).toBe(running + 1);
  });

  it("starts under a launcher other than server.mjs run from the data directory (a process manager's wrapper)", async () => {
    await sqlOf(db()).rows("SELECT 1");
    await until("the server connection's thread runs", () => liveCheckpointers() === running + 1);
    const path = (t.target as { path: string }).path;
    // Neither the entry point's folder nor the working directory has better-sqlite3 in reach:
    // the thread loads the copy this process already runs.
    const elsewhere = mkdtempSync(join(tmpdir(), "launcher-"));
    const [entry, cwd] = [process.argv[1], process.cwd()];
    process.argv[1] = join(elsewhere, "launcher.mjs");
    process.chdir(elsewhere);
    try {
      const checkpointer = await startCheckpointer(path);
      expect(checkpointer).not.toBeNull();
      expect(liveCheckpointers()).toBe(running + 2);
      await checkpointer!.stop();
    } finally {
      process.argv[1] = entry;
      process.chdir(cwd);
      rmSync(elsewhere, { recursive: true, force: true });
    }
    expect(liveCheckpointers()).toBe(running + 1);
  });

  it("starts in a server run as `node --input-type=module -e ...` (the thread does not take the process's Node flags)", () => {
    const path = (t.target as { path: string }).path;
    const dir = mkdtempSync(join(tmpdir(), "checkpointer-esm-"));
    try {
      // The module as a server bundle has it, run by a process whose flags make eval'd code ESM.
      const bundle = join(dir, "checkpointer.mjs");
      buildSync({ entryPoints: [join(cwdAtStart, "lib/db/sqlite-checkpointer.ts")], bundle: true, platform: "node", format: "esm", outfile: bundle, logLevel: "silent" });
      const script = [
        `import { createRequire } from "node:module";`,
        // The server has better-sqlite3 loaded by the time it starts the thread.
        `createRequire(${JSON.stringify(`${cwdAtStart}/`)})("better-sqlite3");`,
        `const { startCheckpointer } = await import(${JSON.stringify(bundle)});`,
        `const c = await startCheckpointer(${JSON.stringify(path)});`,
        `console.log(c ? "started" : "not started");`,
        `await c?.stop();`,
      ].join("\n");
      const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: dir, encoding: "utf8", timeout: 20_000 });
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe("started");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers null, changing nothing, for a file it cannot open", async () => {
    await sqlOf(db()).rows("SELECT 1");
    await until("the server connection's thread runs", () => liveCheckpointers() === running + 1);
    expect(await startCheckpointer("/nonexistent-directory/pocket-id.db")).toBeNull();
    expect(liveCheckpointers()).toBe(running + 1);
  });
});
