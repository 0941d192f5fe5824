import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Serialises every use of the one better-sqlite3 connection behind one lock.
 *
 * Why: Prisma's better-sqlite3 adapter runs an interactive transaction as BEGIN … COMMIT on its
 * single connection and only keeps other *transactions* out. A plain query from another request
 * that runs while a transaction awaits (a JWT signature, another query) executes inside that
 * transaction: it sees uncommitted rows, and when the transaction rolls back, that other request's
 * write (a session, an audit row, a rate-limit counter) silently disappears with it. Here a
 * transaction holds the lock from BEGIN to COMMIT/ROLLBACK and every other statement waits for it.
 * SQLite has one writer anyway; better-sqlite3 is synchronous, so the wait costs no throughput
 * beyond the transaction's own awaits.
 *
 * A query waiting longer than `maxWaitMs` fails instead of hanging: the only way to wait that
 * long is code that uses the global client inside a transaction callback (a deadlock by design).
 */
export function serializedSqlite(factory: SqlDriverAdapterFactory, maxWaitMs = 15_000): SqlDriverAdapterFactory {
  const lock = new Lock(maxWaitMs);
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const inner = await factory.connect();
      const adapter: SqlDriverAdapter = {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: (query) => lock.run(() => inner.queryRaw(query)),
        executeRaw: (query) => lock.run(() => inner.executeRaw(query)),
        executeScript: (script) => lock.run(() => inner.executeScript(script)),
        dispose: () => inner.dispose(),
        async startTransaction(isolationLevel) {
          const release = await lock.acquire();
          try {
            return releasingOnEnd(await inner.startTransaction(isolationLevel), release);
          } catch (e) {
            release();
            throw e;
          }
        },
      };
      if (inner.getConnectionInfo) adapter.getConnectionInfo = () => inner.getConnectionInfo!();
      return adapter;
    },
  };
}

/** The transaction as Prisma sees it, releasing the lock exactly once when it commits or rolls back. */
function releasingOnEnd(tx: Transaction, release: () => void): Transaction {
  let released = false;
  const end = (fn: () => Promise<void>) => async () => {
    try {
      await fn();
    } finally {
      if (!released) {
        released = true;
        release();
      }
    }
  };
  const commit = end(() => tx.commit());
  const rollback = end(() => tx.rollback());
  return new Proxy(tx, {
    get(target, prop) {
      if (prop === "commit") return commit;
      if (prop === "rollback") return rollback;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A FIFO async lock with a bounded wait. */
class Lock {
  private tail: Promise<void> = Promise.resolve();
  /** Holders and waiters: when none, a new turn comes at once and needs no timeout timer. */
  private users = 0;
  constructor(private readonly maxWaitMs: number) {}

  acquire(): Promise<() => void> {
    let free!: () => void;
    const mine = new Promise<void>((resolve) => (free = resolve));
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.users--;
      free();
    };
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    const uncontended = this.users++ === 0;
    if (uncontended) return previous.then(() => release);
    return new Promise((resolve, reject) => {
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        // Give our turn away at once, so that nobody queued behind us waits for it.
        release();
        reject(new Error(`SQLite lock not acquired within ${this.maxWaitMs} ms (global client used inside a transaction?)`));
      }, this.maxWaitMs);
      timer.unref?.();
      void previous.then(() => {
        clearTimeout(timer);
        if (timedOut) return;
        resolve(release);
      });
    });
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }
}
