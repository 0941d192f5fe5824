import type { ArgType, SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Plain SQL on the driver adapter Prisma itself uses, for the protocol's hot statements (issue 10
 * item 5: the token, userinfo and introspection endpoints).
 *
 * Why: a Prisma model query costs about 250 µs of JavaScript (query plan, interpretation, result
 * shaping) and an interactive transaction about 170 µs more, for statements SQLite answers in a
 * few microseconds: a code exchange (a dozen statements in one transaction) spent most of its time
 * there. These statements go to the same adapter object Prisma was given, so they share
 * everything it stands for:
 *   - SQLite: the one connection and its lock (serialized-sqlite.ts): a transaction here holds
 *     the lock from BEGIN to COMMIT exactly as a Prisma transaction does, plain statements wait
 *     for it; the pragmas and the prepared-statement cache (sqlite-connection.ts);
 *   - PostgreSQL: the same pool (DB_MAX_CONNECTIONS); a transaction holds one pooled connection;
 *   - tests: the statement observer (observed-adapter.ts) sees these statements too.
 * Values go through the adapter's own argument and result mapping, so dates and booleans are
 * written exactly as Prisma writes them (SQLite: ISO 8601 text; PostgreSQL: UTC timestamps)
 * and rows written here read back through Prisma unchanged, and vice versa.
 *
 * SQL is written once with `?` placeholders and double-quoted identifiers, valid in both
 * dialects; PostgreSQL gets `$n` placeholders. Column aliases name the result fields.
 */
export type SqlValue = string | number | boolean | Date | null;
export type SqlRow = Record<string, unknown>;

export interface SqlRunner {
  /** Rows of a SELECT (or of a statement with RETURNING), as objects keyed by column name or alias. */
  rows(sql: string, args?: readonly SqlValue[]): Promise<SqlRow[]>;
  /** Runs a statement and returns how many rows it changed. */
  run(sql: string, args?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase extends SqlRunner {
  readonly provider: "sqlite" | "postgresql";
  /**
   * Runs `fn` in one transaction: COMMIT when it returns, ROLLBACK when it throws. On SQLite it
   * begins IMMEDIATE (sqlite-connection.ts), so it holds the write lock from the start.
   */
  transaction<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T>;
  /**
   * Runs a write that needs no transaction of its own and returns how many rows it changed, like
   * `run`. On SQLite, such writes that arrive in the same turn of the event loop are committed
   * together (group commit): a commit writes each changed page to the log once, whatever the
   * rows, and under load it was most of a client_credentials request's database time. Each write
   * still resolves only once it is committed; if one of a group fails, none of the group was
   * written and each runs again on its own, so only that one fails. PostgreSQL: `run`.
   */
  runGrouped(sql: string, args?: readonly SqlValue[]): Promise<number>;
}

/** Where a Prisma client's adapter lands once Prisma connects it (see `capturingAdapter`). */
export interface AdapterSlot {
  adapter: SqlDriverAdapter | null;
}

/**
 * The factory Prisma gets, recording the adapter it connects into `slot`, so that plain SQL can
 * use that very adapter (with every wrapper it has: lock, observer, pragmas).
 */
export function capturingAdapter(factory: SqlDriverAdapterFactory, slot: AdapterSlot): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect() {
      const adapter = await factory.connect();
      slot.adapter = adapter;
      // $disconnect disposes it (closes the SQLite file, ends the pool) and Prisma's next query
      // connects a new one: plain SQL must not keep using the closed one.
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        if (slot.adapter === adapter) slot.adapter = null;
        await dispose();
      };
      return adapter;
    },
  };
}

const COMMIT: SqlQuery = { sql: "COMMIT", args: [], argTypes: [] };
const SAVEPOINT: SqlQuery = { sql: "SAVEPOINT grouped", args: [], argTypes: [] };
const RELEASE: SqlQuery = { sql: "RELEASE grouped", args: [], argTypes: [] };
const ROLLBACK_TO: SqlQuery = { sql: "ROLLBACK TO grouped", args: [], argTypes: [] };
/** At most this many transactions share one SQLite commit (plain statements wait while a group runs). */
const GROUP_LIMIT = 16;
const ROLLBACK: SqlQuery = { sql: "ROLLBACK", args: [], argTypes: [] };

const SCALAR = (scalarType: ArgType["scalarType"]): ArgType => ({ scalarType, arity: "scalar" });
const ARG_TYPES = {
  string: SCALAR("string"),
  int: SCALAR("int"),
  float: SCALAR("float"),
  boolean: SCALAR("boolean"),
  datetime: SCALAR("datetime"),
  unknown: SCALAR("unknown"),
} as const;

function argType(v: SqlValue): ArgType {
  if (v === null) return ARG_TYPES.unknown;
  if (v instanceof Date) return ARG_TYPES.datetime;
  switch (typeof v) {
    case "string":
      return ARG_TYPES.string;
    case "boolean":
      return ARG_TYPES.boolean;
    default:
      return Number.isInteger(v) ? ARG_TYPES.int : ARG_TYPES.float;
  }
}

/**
 * PostgreSQL: names for the statement texts plain SQL sends, so each pooled connection parses
 * (and, after a few runs, plans) each of them once instead of on every call: given to
 * @prisma/adapter-pg as its `statementNameGenerator`. Prisma's own statements stay unnamed (their
 * texts are not bounded in number; a named statement lives as long as its connection).
 */
export interface StatementNames {
  /** The name of `query`'s text if plain SQL registered it, else undefined (an unnamed statement). */
  nameOf(query: SqlQuery): string;
  register(text: string): void;
  /**
   * New names for every registered text: each connection then parses them again. For a schema
   * change under a running server (isStalePlan): a connection's statement by the old name keeps
   * its old result columns, and inside a transaction PostgreSQL refuses it on every run.
   */
  renew(): void;
}

export function statementNames(): StatementNames {
  const names = new Map<string, string>();
  let last = 0;
  return {
    // The adapter's type says string; pg treats an undefined name as the unnamed statement.
    nameOf: (query) => names.get(query.sql) as string,
    register(text) {
      if (!names.has(text)) names.set(text, `pid_${++last}`);
    },
    renew() {
      for (const text of names.keys()) names.set(text, `pid_${++last}`);
    },
  };
}

/**
 * A plain-SQL view of `db`'s adapter. `connect` makes Prisma open its connection when it has not
 * yet (Prisma connects lazily, at its first query). `names` (PostgreSQL) learns each statement text.
 */
export function sqlDatabase(provider: "sqlite" | "postgresql", slot: AdapterSlot, connect: () => Promise<void>, names?: StatementNames): SqlDatabase {
  // Each distinct statement text is prepared once (sqlite-connection.ts keeps SQLite's prepared
  // statements by text): whitespace folded to one line, PostgreSQL's placeholders numbered.
  const texts = new Map<string, string>();
  const text = (sql: string): string => {
    let out = texts.get(sql);
    if (out === undefined) {
      let n = 0;
      out = sql.replace(/\s+/g, " ").trim();
      if (provider === "postgresql") out = out.replace(/\?/g, () => `$${++n}`);
      names?.register(out);
      texts.set(sql, out);
    }
    return out;
  };
  const query = (sql: string, args: readonly SqlValue[] = []): SqlQuery => ({ sql: text(sql), args: [...args], argTypes: args.map(argType) });

  const runnerOn = (q: SqlQueryable): SqlRunner => ({
    async rows(sql, args) {
      const result = await q.queryRaw(query(sql, args));
      const { columnNames, rows } = result;
      return rows.map((row) => {
        const o: SqlRow = {};
        for (let i = 0; i < columnNames.length; i++) o[columnNames[i]] = row[i];
        return o;
      });
    },
    run: (sql, args) => q.executeRaw(query(sql, args)),
  });

  const adapter = async (): Promise<SqlDriverAdapter> => {
    if (!slot.adapter) await connect();
    if (!slot.adapter) throw new Error("The database adapter did not connect.");
    return slot.adapter;
  };
  // Resolved lazily, then reused while Prisma keeps that adapter (a new one after $disconnect).
  let root: { adapter: SqlDriverAdapter; runner: SqlRunner } | null = null;
  const rootRunner = async () => {
    const current = await adapter();
    if (root?.adapter !== current) root = { adapter: current, runner: runnerOn(current) };
    return root.runner;
  };

  // A named statement whose result columns changed type since its connection prepared it (a
  // column altered while this process runs): PostgreSQL refuses it; under new names every
  // connection prepares the statements again. Outside a transaction the refused one did nothing.
  const again = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (e) {
      if (provider !== "postgresql" || !isStalePlan(e)) throw e;
      names?.renew();
      return run();
    }
  };

  type Grouped = { sql: string; args?: readonly SqlValue[]; resolve(n: number): void; reject(e: unknown): void };
  let group: Grouped[] = [];
  const runAlone = async (item: Grouped) => {
    try {
      item.resolve(await (await rootRunner()).run(item.sql, item.args));
    } catch (e) {
      item.reject(e);
    }
  };
  const flushGroup = async () => {
    const items = group;
    group = [];
    if (items.length === 1) return runAlone(items[0]);
    let counts: number[];
    try {
      counts = await once(async (q) => {
        const out: number[] = [];
        for (const item of items) out.push(await q.run(item.sql, item.args));
        return out;
      });
    } catch {
      for (const item of items) await runAlone(item);
      return;
    }
    items.forEach((item, i) => item.resolve(counts[i]));
  };

  // SQLite's transactions waiting for their turn (see `grouped` below).
  type Member = { fn: (sql: SqlRunner) => Promise<unknown>; resolve(v: unknown): void; reject(e: unknown): void };
  const queue: Member[] = [];
  let draining = false;
  const run = (sql: string, args?: readonly SqlValue[]) => again(async () => (await rootRunner()).run(sql, args));
  return {
    provider,
    rows: (sql, args) => again(async () => (await rootRunner()).rows(sql, args)),
    run,
    runGrouped(sql, args) {
      if (provider !== "sqlite") return run(sql, args);
      return new Promise<number>((resolve, reject) => {
        // After the I/O callbacks of this turn: every request whose write is ready by then joins.
        if (group.push({ sql, args, resolve, reject }) === 1) setImmediate(() => void flushGroup());
      });
    },
    async transaction(fn) {
      if (provider === "sqlite") return grouped(fn);
      // PostgreSQL aborts one of two transactions that deadlock or conflict (a grant's against an
      // admin deleting the user or client it is writing tokens for), or refuses a row whose user
      // or client a concurrent delete just removed: everything was rolled back, so the transaction
      // runs again and then sees the deletion (invalid_grant) instead of answering 500.
      for (let attempt = 1; ; attempt++) {
        try {
          return await once(fn);
        } catch (e) {
          const stale = provider === "postgresql" && isStalePlan(e);
          if (provider !== "postgresql" || attempt >= 3 || !(RETRYABLE.has((e as { cause?: { kind?: string } })?.cause?.kind ?? "") || stale)) throw e;
          if (stale) names?.renew();
        }
      }
    },
  };

  /**
   * SQLite: transactions take turns on the one connection anyway (serialized-sqlite.ts). Those
   * that are waiting when one has run join its transaction instead of waiting for its COMMIT
   * (group commit): each joins under a SAVEPOINT, so one that fails is rolled back alone, and each
   * learns its outcome only once the shared COMMIT is done (a failed COMMIT fails them all; none
   * of them was answered before). A commit writes each changed page to the log once, whatever
   * the number of rows: it was the largest part of a code exchange's or a refresh's database
   * time. A transaction that runs alone is the same BEGIN ... COMMIT as before.
   */
  function grouped<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!draining) void drain();
    });
  }
  async function drain() {
    draining = true;
    try {
      while (queue.length) {
        // runGroup settles every member itself; what could still throw after that (the adapter
        // releasing its lock after a successful COMMIT) must not end the loop or go unhandled.
        await runGroup(queue.shift()!).catch(() => undefined);
      }
    } finally {
      draining = false;
    }
  }
  /** One transaction: `first`, then whoever is waiting by the time each finishes (up to GROUP_LIMIT). */
  async function runGroup(first: Member) {
    let tx: Transaction;
    try {
      tx = await (await adapter()).startTransaction();
    } catch (e) {
      first.reject(e);
      return;
    }
    const statements = !tx.options.usePhantomQuery;
    const runner = runnerOn(tx);
    const done: { member: Member; value: unknown }[] = [];
    // Ends the transaction without keeping anything; never throws (the lock is always released).
    const abandon = async () => {
      try {
        if (statements) await tx.executeRaw(ROLLBACK);
      } catch {
        // SQLite may have rolled back already (a full disk): nothing is left to undo.
      }
      await tx.rollback().catch(() => undefined);
    };
    // The first runs as a plain transaction: if it fails, nothing else is in it yet.
    try {
      done.push({ member: first, value: await first.fn(runner) });
    } catch (e) {
      first.reject(e);
      await abandon();
      return;
    }
    let current: Member | null = null;
    try {
      while (queue.length && done.length < GROUP_LIMIT) {
        const member = (current = queue.shift()!);
        await tx.executeRaw(SAVEPOINT);
        let value: unknown;
        try {
          value = await member.fn(runner);
        } catch (e) {
          current = null;
          member.reject(e);
          await tx.executeRaw(ROLLBACK_TO);
          await tx.executeRaw(RELEASE);
          continue;
        }
        await tx.executeRaw(RELEASE);
        current = null;
        done.push({ member, value });
      }
      if (statements) await tx.executeRaw(COMMIT);
    } catch (e) {
      // A failed COMMIT (a full disk) or savepoint: nothing of the group was written.
      await abandon();
      (current as Member | null)?.reject(e);
      for (const d of done) d.member.reject(e);
      return;
    }
    try {
      await tx.commit();
    } finally {
      for (const d of done) d.member.resolve(d.value);
    }
  }

  async function once<T>(fn: (sql: SqlRunner) => Promise<T>): Promise<T> {
    const tx: Transaction = await (await adapter()).startTransaction();
    // As Prisma's transaction manager does: the statements end the transaction, then the
    // adapter releases what it holds (the SQLite lock, the pooled PostgreSQL connection).
    // An adapter with "phantom" transactions ends them itself.
    const statements = !tx.options.usePhantomQuery;
    let result;
    try {
      result = await fn(runnerOn(tx));
    } catch (e) {
      try {
        if (statements) await tx.executeRaw(ROLLBACK);
      } finally {
        await tx.rollback();
      }
      throw e;
    }
    try {
      if (statements) await tx.executeRaw(COMMIT);
    } catch (e) {
      // A failed COMMIT leaves nothing (PostgreSQL: a serialization failure, a lost connection).
      // SQLite can keep the transaction open after one (a full disk, SQLITE_BUSY): ROLLBACK ends
      // it, so the connection is not left inside it for the next statement.
      try {
        if (statements) await tx.executeRaw(ROLLBACK).catch(() => undefined);
      } finally {
        await tx.rollback();
      }
      throw e;
    }
    await tx.commit();
    return result;
  }
}

/**
 * PostgreSQL refused a named prepared statement (registered above) because a column it returns
 * changed type since the connection prepared it: 0A000 "cached plan must not change result type".
 * Run again under a new name (StatementNames.renew), the statement (or its transaction) succeeds.
 */
function isStalePlan(e: unknown): boolean {
  const cause = (e as { cause?: { kind?: string; code?: string; message?: string } } | null)?.cause;
  return cause?.kind === "postgres" && cause.code === "0A000" && /cached plan must not change result type/i.test(cause.message ?? "");
}

/** PostgreSQL errors 40001, 40P01 and 23503 as @prisma/adapter-pg names them: a transaction that failed with one is worth running again. */
const RETRYABLE = new Set(["TransactionWriteConflict", "ForeignKeyConstraintViolation"]);

/**
 * Reads a date column. SQLite holds what Prisma wrote (ISO 8601 with an offset) or, for rows
 * filled by a column default, `YYYY-MM-DD HH:MM:SS` in UTC without one; the PostgreSQL adapter
 * answers ISO 8601 with +00:00.
 * SQLite keeps any text in a date column (written by hand or by another program): what reads as
 * no date is the epoch, so it fails closed. An invalid Date would make every `expiresAt <= now`
 * false (a token that never expires) while an unreadable revocation or use still counts as one.
 */
export function sqlDate(v: unknown): Date {
  const d = v instanceof Date ? v : typeof v === "number" ? new Date(v) : parseDateText(String(v));
  return Number.isNaN(d.getTime()) ? new Date(0) : d;
}

function parseDateText(s: string): Date {
  return new Date(/(?:[zZ]|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s.replace(" ", "T")}Z`);
}

export const sqlDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : sqlDate(v));

/** Reads a boolean column: PostgreSQL answers true/false, SQLite 1/0. */
export const sqlBool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === 1n;

export const sqlString = (v: unknown): string => (typeof v === "string" ? v : String(v ?? ""));
export const sqlStringOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
