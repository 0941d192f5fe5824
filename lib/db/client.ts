import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient as SqliteClient } from "./generated/sqlite/client";
import { PrismaClient as PostgresClient } from "./generated/postgresql/client";
import { env } from "../config/env";
import { ensurePrivateSqliteFile } from "./sqlite-file";
import { serializedSqlite } from "./serialized-sqlite";
import { observedAdapter, type StatementObserver } from "./observed-adapter";
import { SQLITE_PRAGMAS, tunedSqlite } from "./sqlite-connection";
import { capturingAdapter, sqlDatabase, statementNames, type AdapterSlot, type SqlDatabase } from "./sql";
import { invalidateAppConfig, registerAppConfigSource } from "../config/app-config";
import { loadStoredAppConfig } from "./app-config-store";

/**
 * One Prisma client per process, for the provider DB_CONNECTION_STRING selects. Both generated
 * clients come from the same models, so the SQLite client's type describes either.
 */
export type Db = InstanceType<typeof SqliteClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DatabaseTarget =
  | { provider: "sqlite"; path: string }
  | { provider: "postgresql"; url: string; maxConnections?: number; lockTimeoutMs?: number };

/** PostgreSQL connections per process when DB_MAX_CONNECTIONS is not set (lib/config/env.ts). */
export const DEFAULT_PG_MAX_CONNECTIONS = 10;

/**
 * How long a PostgreSQL statement waits for a row lock before failing (lock_timeout, set for each
 * pooled connection when it opens: one statement per connection, none per transaction). Without it a token request
 * whose row another transaction keeps locked would wait for as long as that lasts; with it the
 * request answers 503 temporarily_unavailable (oidc-store.ts) and changes nothing. Prisma's own
 * statements on the pool get the same bound.
 */
export const PG_LOCK_TIMEOUT_MS = 5000;

/**
 * Sets lock_timeout on each new pooled connection with a SET, once per connection (pg-pool runs it
 * before the connection serves its first query). Not as a startup parameter: PgBouncer refuses a
 * connection whose startup packet carries a parameter it does not know ("unsupported startup
 * parameter"), which would have stopped every connection through it.
 */
function lockTimeoutOnConnect(ms: number): (client: { query(sql: string): Promise<unknown> }) => Promise<void> {
  const sql = `SET lock_timeout = ${Math.max(0, Math.trunc(ms))}`;
  return async (client) => {
    await client.query(sql);
  };
}

/**
 * A statement sent outside a transaction goes through pg-pool's `query`, which destroys its
 * connection whenever the statement fails, even when PostgreSQL answered an ordinary error (a
 * unique violation a service expects and answers, a lock_timeout): the next statement then paid
 * for a new connection (TCP, authentication, the SET above, every named statement parsed again).
 * Here such a connection goes back to the pool; one that PostgreSQL or the network broke (SQLSTATE
 * classes 08, 53, 57, 58, XX, F0, or no SQLSTATE at all) is still destroyed. Callback-style calls
 * keep pg-pool's own behaviour (Prisma's adapter uses promises).
 */
export function keepConnectionsOnStatementErrors(pool: pg.Pool): void {
  const original = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  const broken = (e: unknown) => !(e instanceof pg.DatabaseError) || !e.code || /^(08|53|57|58|XX|F0)/.test(e.code);
  const query = (text: unknown, values?: unknown, cb?: unknown): unknown => {
    if (typeof text === "function" || typeof values === "function" || typeof cb === "function") return original(text, values, cb);
    return (async () => {
      const client = await pool.connect();
      // As pg-pool does: an error the connection emits while the statement runs ends it.
      let failed: Error | null = null;
      const onError = (e: Error) => {
        failed = e;
      };
      client.once("error", onError);
      try {
        const result = await client.query(text as string, values as unknown[]);
        client.removeListener("error", onError);
        client.release(failed ?? undefined);
        return result;
      } catch (e) {
        client.removeListener("error", onError);
        client.release(failed ?? (broken(e) ? (e as Error) : undefined));
        throw e;
      }
    })();
  };
  pool.query = query as typeof pool.query;
}

/** The adapter factory, with each pool it opens keeping its connections on statement errors. */
function keepingConnections(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      const pool = (adapter as { underlyingDriver?: () => unknown }).underlyingDriver?.();
      if (pool instanceof pg.Pool) keepConnectionsOnStatementErrors(pool);
      return adapter;
    },
  };
}

export interface CreateDbOptions {
  /** Tests: told of every SQL statement and transaction (lib/db/observed-adapter.ts). */
  observe?: StatementObserver;
}

/**
 * Plain SQL on each client's own adapter (lib/db/sql.ts), for the protocol's hot statements. Kept
 * on the client object under a global symbol: Next bundles this module into several server chunks,
 * each with its own module state, and they all share one client (db() below).
 */
const PLAIN_SQL = Symbol.for("pocket-id.plain-sql");
type WithPlainSql = { [PLAIN_SQL]?: SqlDatabase };

export function createDb(target: DatabaseTarget, opts: CreateDbOptions = {}): Db {
  const observe = <F extends SqlDriverAdapterFactory>(f: F): SqlDriverAdapterFactory => (opts.observe ? observedAdapter(f, opts.observe) : f);
  const slot: AdapterSlot = { adapter: null };
  let client: Db;
  const names = target.provider === "postgresql" ? statementNames() : undefined;
  if (target.provider === "sqlite") {
    ensurePrivateSqliteFile(target.path);
    // Pragmas and the prepared-statement cache: sqlite-connection.ts. One connection, so
    // transactions and plain queries must take turns (see serialized-sqlite.ts).
    const adapter = tunedSqlite(new PrismaBetterSqlite3({ url: target.path, timeout: SQLITE_PRAGMAS.busy_timeout }), target.path);
    client = new SqliteClient({ adapter: capturingAdapter(serializedSqlite(observe(adapter)), slot) });
  } else {
    // The pool of this process (DB_MAX_CONNECTIONS): replicas × this must stay under the server's
    // max_connections (PostgreSQL's default 100, a few kept for superusers).
    const max = target.maxConnections ?? DEFAULT_PG_MAX_CONNECTIONS;
    client = new PostgresClient({ adapter: capturingAdapter(observe(keepingConnections(new PrismaPg({ connectionString: target.url, max, onConnect: lockTimeoutOnConnect(target.lockTimeoutMs ?? PG_LOCK_TIMEOUT_MS) }, { statementNameGenerator: names!.nameOf }))), slot) }) as unknown as Db;
  }
  Object.defineProperty(client, PLAIN_SQL, { value: sqlDatabase(target.provider, slot, () => client.$connect(), names) });
  return client;
}

/** Plain SQL on `client`'s adapter: its connection(s), lock and observer (lib/db/sql.ts). */
export function sqlOf(client: Db): SqlDatabase {
  const sql = (client as WithPlainSql)[PLAIN_SQL];
  if (!sql) throw new Error("This database client was not made by createDb.");
  return sql;
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
