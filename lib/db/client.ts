import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { env } from "../config/env";
import { ensurePrivateSqliteFile } from "./sqlite-file";
import { serializedSqlite } from "./serialized-sqlite";
import { invalidateAppConfig, registerAppConfigSource } from "../config/app-config";
import { loadStoredAppConfig } from "./app-config-store";

/**
 * One Prisma client per process, for the provider DB_CONNECTION_STRING selects. Both generated
 * clients come from the same models, so the SQLite client's type describes either.
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DatabaseTarget = { provider: "sqlite"; path: string } | { provider: "postgresql"; url: string };

export function createDb(target: DatabaseTarget): Db {
  if (target.provider === "sqlite") {
    ensurePrivateSqliteFile(target.path);
    // better-sqlite3 enforces foreign keys by default; timeout = busy timeout for other processes.
    // One connection, so transactions and plain queries must take turns (see serialized-sqlite.ts).
    return new SqliteClient({ adapter: serializedSqlite(new PrismaBetterSqlite3({ url: target.path, timeout: 5000 })) });
  }
  return new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url, max: 10 }) }) as unknown as Db;
}

const g = globalThis as unknown as { __pocketIdDb?: Db };

/** The process-wide client (kept on globalThis so dev-mode reloads do not open new pools). */
export function db(): Db {
  g.__pocketIdDb ??= createDb(env().database);
  return g.__pocketIdDb;
}

/** Tests: point db() at a specific database. */
export function setDbForTests(client: Db | undefined): void {
  g.__pocketIdDb = client;
  invalidateAppConfig();
}

// appConfig() (lib/config, below this layer) reads the stored settings through this source.
registerAppConfigSource(() => loadStoredAppConfig(db()));

export function isPostgres(): boolean {
  return env().database.provider === "postgresql";
}
