// Replicas that start together each run the migration runner in their own process: every migration
// must be applied and recorded exactly once, and every process must start (SQLite: BEGIN IMMEDIATE
// with foreign keys off around it; PostgreSQL: Prisma's advisory lock).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import { buildSync } from "esbuild";
import pg from "pg";
import Database from "better-sqlite3";
import { loadMigrations, migrationsDir } from "@/lib/db/migrate";
import { PROVIDERS, createPgDatabase } from "../helpers/db";

const run = promisify(execFile);
// Inside the repo, so the bundle's bare imports (better-sqlite3, pg) resolve from node_modules.
const cache = join(process.cwd(), "node_modules", ".cache");
let bundle: string;
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "pocketid-procs-"));
  // The runner as a module, and a tiny entry point that calls it with the target given in argv.
  bundle = join(cache, `migrate-${randomBytes(6).toString("hex")}`);
  buildSync({ entryPoints: ["lib/db/migrate.ts"], bundle: true, platform: "node", format: "esm", packages: "external", outfile: `${bundle}.lib.mjs`, logLevel: "silent" });
  writeFileSync(`${bundle}.mjs`, `import { runMigrations } from "./${bundle.split("/").pop()}.lib.mjs";\nconsole.log(JSON.stringify(await runMigrations(JSON.parse(process.argv[2]))));\n`);
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(`${bundle}.mjs`, { force: true });
  rmSync(`${bundle}.lib.mjs`, { force: true });
});

describe.each(PROVIDERS)("migrations from several processes on %s", (provider) => {
  it("applies each migration once when four processes start at the same moment", async () => {
    let target: { provider: "sqlite"; path: string } | { provider: "postgresql"; url: string };
    let drop = async () => {};
    if (provider === "sqlite") {
      target = { provider, path: join(dir, "replicas.db") };
    } else {
      const created = await createPgDatabase();
      target = { provider, url: created.url };
      drop = created.drop;
    }
    try {
      const outputs = await Promise.all([1, 2, 3, 4].map(() => run(process.execPath, [`${bundle}.mjs`, JSON.stringify(target)], { cwd: process.cwd() })));
      const applied = outputs.flatMap((o) => (JSON.parse(o.stdout.trim().split("\n").pop()!) as { applied: string[] }).applied);
      const expected = loadMigrations(migrationsDir(provider)).map((m) => m.name);
      expect(applied.sort()).toEqual(expected);

      let recorded: string[];
      if (target.provider === "sqlite") {
        const conn = new Database(target.path, { readonly: true });
        recorded = (conn.prepare(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`).all() as { migration_name: string }[]).map((r) => r.migration_name);
        conn.close();
      } else {
        const c = new pg.Client({ connectionString: target.url });
        await c.connect();
        recorded = (await c.query(`SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name`)).rows.map((r) => r.migration_name);
        await c.end();
      }
      expect(recorded).toEqual(expected);
    } finally {
      await drop();
    }
  });
});
