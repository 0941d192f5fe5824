import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import type { DatabaseTarget } from "./client";
import { migrationsRoot } from "../config/runtime";
import { log } from "../log";
import { ensurePrivateSqliteFile } from "./sqlite-file";

/**
 * Applies prisma/<provider>/migrations at boot, recording each in `_prisma_migrations` the way
 * `prisma migrate deploy` does (same table, same checksum), so either tool can take over.
 * Concurrent starts are serialised: an exclusive transaction on SQLite, an advisory lock on
 * PostgreSQL (the same lock id Prisma uses), so replicas starting together apply each migration once.
 * A failing migration rolls back and nothing of it (nor of later ones) is recorded.
 */
export interface MigrationResult {
  applied: string[];
}

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function migrationsDir(provider: DatabaseTarget["provider"]): string {
  return join(/*turbopackIgnore: true*/ migrationsRoot() ?? join(/*turbopackIgnore: true*/ process.cwd(), "prisma"), provider, "migrations");
}

export function loadMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations folder not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, "migration.sql")))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const SQLITE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" TEXT PRIMARY KEY NOT NULL,
  "checksum" TEXT NOT NULL,
  "finished_at" DATETIME,
  "migration_name" TEXT NOT NULL,
  "logs" TEXT,
  "rolled_back_at" DATETIME,
  "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
  "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

const PG_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's advisory lock key for migrations. */
const PG_LOCK_ID = 72707369;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: unknown;
  rolled_back_at: unknown;
}

function plan(migrations: Migration[], rows: AppliedRow[]): Migration[] {
  const live = rows.filter((r) => r.rolled_back_at == null);
  const failed = live.find((r) => r.finished_at == null);
  if (failed) {
    throw new Error(`migration ${failed.migration_name} failed earlier and was not resolved; restore a backup or fix it by hand`);
  }
  const known = new Set(migrations.map((m) => m.name));
  const unknown = live.filter((r) => !known.has(r.migration_name));
  if (unknown.length) {
    throw new Error(
      `the database has migrations this version does not know (${unknown.map((r) => r.migration_name).join(", ")}): ` +
        "it was used by a newer version; downgrades are not supported",
    );
  }
  const done = new Map(live.map((r) => [r.migration_name, r.checksum]));
  for (const m of migrations) {
    const sum = done.get(m.name);
    if (sum && sum !== m.checksum) log.warn(`[migrate] migration ${m.name} was modified after it was applied`);
  }
  return migrations.filter((m) => !done.has(m.name));
}

export async function runMigrations(target: DatabaseTarget): Promise<MigrationResult> {
  const migrations = loadMigrations(migrationsDir(target.provider));
  return target.provider === "sqlite" ? migrateSqlite(target.path, migrations) : migratePostgres(target.url, migrations);
}

/**
 * SQLite, the way `prisma migrate deploy` applies a migration there: foreign keys OFF before the
 * transaction (inside one, `PRAGMA foreign_keys` is a no-op, so a migration's own `PRAGMA
 * foreign_keys=OFF` does nothing). Prisma rebuilds a table to change a column (CREATE new_x, copy,
 * DROP x, RENAME); with foreign keys on, that DROP cascades into every table that references x and
 * deletes its rows. Instead of enforcing keys row by row, `PRAGMA foreign_key_check` runs after each
 * migration and any dangling row rolls everything back with a message naming it.
 */
function migrateSqlite(path: string, migrations: Migration[]): MigrationResult {
  ensurePrivateSqliteFile(path);
  const conn = new Database(path, { timeout: 15000 });
  try {
    conn.pragma("journal_mode = WAL");
    conn.pragma("foreign_keys = OFF");
    conn.exec(SQLITE_TABLE);
    const applied: string[] = [];
    // BEGIN IMMEDIATE takes the write lock first, so a second process waits and then sees our rows.
    conn.exec("BEGIN IMMEDIATE");
    try {
      const rows = conn.prepare(`SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`).all() as AppliedRow[];
      for (const m of plan(migrations, rows)) {
        const started = Date.now();
        try {
          conn.exec(m.sql);
        } catch (e) {
          throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
        }
        checkForeignKeys(conn, m.name);
        conn
          .prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
          )
          .run(randomUUID(), m.checksum, Date.now(), m.name, started);
        applied.push(m.name);
      }
      conn.exec("COMMIT");
    } catch (e) {
      if (conn.inTransaction) conn.exec("ROLLBACK");
      throw e;
    }
    return { applied };
  } finally {
    conn.pragma("foreign_keys = ON");
    conn.close();
  }
}

interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
  fkid: number;
}

/** Throws, naming table, column and parent, when a migration left rows that reference nothing. */
function checkForeignKeys(conn: Database.Database, migration: string): void {
  const violations = conn.prepare("PRAGMA foreign_key_check").all() as ForeignKeyViolation[];
  if (!violations.length) return;
  const groups = new Map<string, number>();
  for (const v of violations) {
    const columns = (conn.prepare(`SELECT "from" FROM pragma_foreign_key_list(?) WHERE id = ? ORDER BY seq`).all(v.table, v.fkid) as { from: string }[])
      .map((c) => c.from)
      .join(", ");
    const what = `${v.table}(${columns}) -> ${v.parent}`;
    groups.set(what, (groups.get(what) ?? 0) + 1);
  }
  const list = [...groups].map(([what, n]) => `${what}: ${n} row${n === 1 ? "" : "s"}`).join("; ");
  throw new Error(`migration ${migration} left rows that reference missing rows (${list}); nothing was applied`);
}

async function migratePostgres(url: string, migrations: Migration[]): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [PG_LOCK_ID]);
    try {
      await client.query(PG_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"`,
      );
      const applied: string[] = [];
      for (const m of plan(migrations, rows)) {
        // PostgreSQL has transactional DDL: a failing migration leaves nothing half-made.
        await client.query("BEGIN");
        try {
          const started = new Date();
          await client.query(m.sql);
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
            [randomUUID(), m.checksum, m.name, started],
          );
          await client.query("COMMIT");
        } catch (e) {
          await client.query("ROLLBACK");
          throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
        }
        applied.push(m.name);
      }
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [PG_LOCK_ID]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
