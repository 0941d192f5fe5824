import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createDb, setDbForTests, type Db, type DatabaseTarget } from "@/lib/db/client";
import { runMigrations } from "@/lib/db/migrate";
import { resetEnvForTests } from "@/lib/config/env";
import { refreshAppConfig, resetAppConfigForTests } from "@/lib/config/app-config";
import { resetKeysForTests } from "@/lib/keys";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];
export const TEST_APP_URL = "http://localhost:1411";

export interface TestDb {
  db: Db;
  target: DatabaseTarget;
  cleanup(): Promise<void>;
}

/** An empty PostgreSQL database on the test server, and how to drop it. */
export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = inject("pgUrl");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c2 = new pg.Client({ connectionString: admin });
      await c2.connect();
      await c2.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c2.end();
    },
  };
}

/** A fresh, migrated database of the given provider, installed as the process's db(). */
export async function freshDatabase(provider: Provider): Promise<TestDb> {
  const dir = mkdtempSync(join(tmpdir(), "pocketid-test-"));
  let target: DatabaseTarget;
  let dropPg: (() => Promise<void>) | undefined;
  if (provider === "sqlite") {
    target = { provider: "sqlite", path: join(dir, "test.db") };
  } else {
    const created = await createPgDatabase();
    target = { provider: "postgresql", url: created.url };
    dropPg = created.drop;
  }
  Object.assign(process.env, {
    APP_URL: TEST_APP_URL,
    APP_ENV: "production",
    DB_CONNECTION_STRING: target.provider === "sqlite" ? target.path : target.url,
    ENCRYPTION_KEY: "integration-test-key-0123456789abcdef",
    KEYS_PATH: join(dir, "keys"),
    // Uploaded images (lib/db/file-storage.ts) stay inside the test's own directory.
    UPLOAD_PATH: join(dir, "uploads"),
    DISABLE_RATE_LIMITING: "false",
  });
  resetEnvForTests();
  resetKeysForTests();
  resetAppConfigForTests();
  await runMigrations(target);
  const db = createDb(target);
  setDbForTests(db);
  // Settings are read once up front, as at boot: later reads inside transactions answer from memory.
  // (A test that migrates only an early release has no settings table yet: defaults until it has.)
  await refreshAppConfig().catch(() => undefined);
  return {
    db,
    target,
    async cleanup() {
      setDbForTests(undefined);
      await db.$disconnect();
      await dropPg?.();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
