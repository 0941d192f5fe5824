import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type BetterSqlite3 from "better-sqlite3";
import { JOURNAL_SIZE_LIMIT, MAIN_CONNECTION_THRESHOLD, startCheckpointer, type Checkpointer } from "./sqlite-checkpointer";

/**
 * The pragmas every SQLite connection of the server runs with, set once when Prisma's adapter
 * opens its (single) connection. Each is chosen for an identity provider's load: many small
 * writes (codes, tokens, sessions, audit rows), each its own short transaction.
 *
 * - journal_mode = WAL: readers never wait for the writer and a commit appends to the log instead
 *   of rewriting pages. Persistent in the file (the migration runner sets it too); repeated here
 *   so a database restored from a backup in rollback mode is switched back.
 * - synchronous = NORMAL: in WAL mode the log is fsynced at checkpoints, not at every commit.
 *   The database can never be corrupted by this (SQLite's documented guarantee for WAL +
 *   NORMAL); what an operating-system crash or power cut can lose is the last commits before it,
 *   never a part of one. A crash of this process loses nothing. With FULL every token, code and
 *   audit row waited for a disk flush: on small VPS disks that was most of a token request.
 * - busy_timeout = 5000 ms: another process (the CLI, a migration) holding the write lock makes
 *   a statement wait up to 5 s instead of failing at once (better-sqlite3's `timeout` option sets
 *   the same; named here so the choice is in one place). A transaction waits too, because it
 *   begins IMMEDIATE (cachePreparedStatements below).
 * - foreign_keys = ON: better-sqlite3's default, stated because cascades depend on it.
 * - mmap_size = 64 MiB: reads of a database up to that size come from the page cache through
 *   memory mapping instead of read() calls into SQLite's own cache. The mapping is file-backed
 *   and shared: the kernel reclaims it under pressure, so it does not pin memory.
 * - wal_autocheckpoint and journal_size_limit: SQLite's defaults until the checkpoint thread
 *   (sqlite-checkpointer.ts) runs, then 10,000 pages and 16 MiB.
 * - cache_size and temp_store keep SQLite's defaults (2 MB page cache, temporary data on disk):
 *   a small process footprint matters more to the VPS and Raspberry Pi installs (issue 10 item 4)
 *   than a larger cache does to a database this size, and no query here builds large temp tables.
 */
export const SQLITE_PRAGMAS = {
  journal_mode: "WAL",
  synchronous: "NORMAL",
  busy_timeout: 5000,
  foreign_keys: "ON",
  mmap_size: 64 * 1024 * 1024,
} as const;

/** How many distinct SQL texts keep a prepared statement (Prisma's are parameterised: a few hundred). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Prisma's better-sqlite3 adapter with the pragmas above, and its prepared statements kept:
 * the adapter prepares every statement again for each query (SQLite parses and plans the SQL
 * each time, about a fifth of a query's cost here); the same SQL text now reuses its statement.
 */
export function tunedSqlite(factory: SqlDriverAdapterFactory, path?: string): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const adapter = await factory.connect();
      await adapter.executeScript(
        Object.entries(SQLITE_PRAGMAS)
          .map(([name, value]) => `PRAGMA ${name} = ${value};`)
          .join("\n"),
      );
      // The adapter's connection is a plain property: without it (another adapter version) the
      // statements are simply prepared each time, as before.
      const connection = (adapter as unknown as { client?: BetterSqlite3.Database }).client;
      if (connection && typeof connection.prepare === "function") cachePreparedStatements(connection);
      if (connection && path && path !== ":memory:") checkpointInBackground(adapter, connection, path);
      return adapter;
    },
  };
}

/**
 * Makes `prepare(sql)` answer from a cache. The adapter uses a statement as
 * `prepare(sql).bind(args)` then `.run()` or `.columns()` + `.raw().all()`; `bind` fixes a real
 * statement's parameters for good, so the cache hands out a light view that passes the
 * arguments at each call instead. better-sqlite3 runs a statement to completion synchronously,
 * so two queries never use one statement at the same time.
 */
function cachePreparedStatements(connection: BetterSqlite3.Database): void {
  const prepare = connection.prepare.bind(connection);
  type Cached = { statement: BetterSqlite3.Statement; columns?: BetterSqlite3.ColumnDefinition[] };
  const cache = new Map<string, Cached>();
  const view = (entry: Cached, args: unknown[]) => ({
    reader: entry.statement.reader,
    bind: (bound: unknown[]) => view(entry, bound),
    run: () => entry.statement.run(args),
    // Prisma names every column it selects, so a statement's result columns are fixed by its text.
    columns: () => (entry.columns ??= entry.statement.columns()),
    raw: () => ({ all: () => entry.statement.raw(true).all(args) }),
  });
  (connection as { prepare: unknown }).prepare = (text: string) => {
    // Prisma opens every transaction with a deferred BEGIN: it takes no lock until its first
    // write, and a write inside a read transaction gets SQLITE_BUSY at once when another process
    // (a second replica, the CLI) holds or has just released the write lock: SQLite calls no busy
    // handler there. BEGIN IMMEDIATE takes the write lock first, waiting up to busy_timeout.
    // In this process transactions already take turns (serialized-sqlite.ts): nothing waits more.
    if (text === "BEGIN") return beginImmediate;
    return view(cached(text), []);
  };
  const cached = (sql: string): Cached => {
    let entry = cache.get(sql);
    if (!entry) {
      entry = { statement: prepare(sql) };
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(sql, entry);
    }
    return entry;
  };
  // BEGIN must not throw: the adapter takes its transaction mutex before it and never releases it
  // when BEGIN fails, so one BEGIN IMMEDIATE that outwaited busy_timeout (another process holding
  // the write lock longer: a backup, the CLI, a replica) left every later transaction, and every
  // query queued behind them, waiting forever. Then the deferred BEGIN: the transaction's first
  // write meets the lock instead and fails, and the adapter's rollback releases the mutex.
  const beginImmediate: ReturnType<typeof view> = {
    ...view(cached("BEGIN IMMEDIATE"), []),
    bind: () => beginImmediate,
    run: () => {
      try {
        return cached("BEGIN IMMEDIATE").statement.run();
      } catch (e) {
        if (!/^SQLITE_BUSY/.test((e as { code?: string })?.code ?? "")) throw e;
        return cached("BEGIN").statement.run();
      }
    },
  };
}

/**
 * Starts the checkpoint thread for this connection's file (sqlite-checkpointer.ts) without
 * delaying the connection: once it runs, this connection's own checkpoint moves to the backstop
 * threshold; disposing the adapter stops the thread.
 */
function checkpointInBackground(adapter: SqlDriverAdapter, connection: BetterSqlite3.Database, path: string): void {
  let disposed = false;
  const starting: Promise<Checkpointer | null> = startCheckpointer(path).then(async (checkpointer) => {
    if (!checkpointer) return null;
    if (disposed || !connection.open) {
      // Disposed while the thread started: dispose (awaiting this) returns once it has ended.
      await checkpointer.stop();
      return null;
    }
    // Connection settings, not part of any transaction: safe between or inside statements' turns.
    connection.pragma(`wal_autocheckpoint = ${MAIN_CONNECTION_THRESHOLD}`);
    connection.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    return checkpointer;
  });
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    disposed = true;
    await (await starting)?.stop();
    await dispose();
  };
}
