import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, Transaction } from "@prisma/driver-adapter-utils";

/** What the observer is told: each SQL statement sent, and each transaction begun. */
export type StatementObserver = (event: { kind: "statement"; sql: string } | { kind: "transaction" }) => void;

/**
 * A driver adapter that reports every statement it sends to the database, inside transactions
 * too. Tests count the statements one token request costs with it (a regression test of the
 * hot path's round trips, not a timing); the server never installs an observer.
 */
export function observedAdapter(factory: SqlDriverAdapterFactory, observe: StatementObserver): SqlDriverAdapterFactory {
  const seen = (q: SqlQuery) => observe({ kind: "statement", sql: q.sql });
  const wrapTx = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === "queryRaw") return (q: SqlQuery) => (seen(q), target.queryRaw(q));
        if (prop === "executeRaw") return (q: SqlQuery) => (seen(q), target.executeRaw(q));
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    async connect(): Promise<SqlDriverAdapter> {
      const inner = await factory.connect();
      const adapter: SqlDriverAdapter = {
        provider: inner.provider,
        adapterName: inner.adapterName,
        queryRaw: (q) => (seen(q), inner.queryRaw(q)),
        executeRaw: (q) => (seen(q), inner.executeRaw(q)),
        executeScript: (script) => inner.executeScript(script),
        dispose: () => inner.dispose(),
        async startTransaction(isolationLevel) {
          observe({ kind: "transaction" });
          return wrapTx(await inner.startTransaction(isolationLevel));
        },
      };
      if (inner.getConnectionInfo) adapter.getConnectionInfo = () => inner.getConnectionInfo!();
      return adapter;
    },
  };
}
