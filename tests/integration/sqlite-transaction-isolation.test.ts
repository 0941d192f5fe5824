// Guards against lost writes on SQLite: a request's plain write that lands while another request's
// transaction is open must not run inside that transaction (and vanish when it rolls back), and must
// not see the transaction's uncommitted rows. Same expectations on PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { db, sqlOf } from "@/lib/db/client";

describe.each(PROVIDERS)("transactions and concurrent writes on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("keeps a concurrent request's write when another request's transaction rolls back", async () => {
    let inside!: () => void;
    const transactionStarted = new Promise<void>((r) => (inside = r));
    let finish!: () => void;
    const mayFinish = new Promise<void>((r) => (finish = r));

    const failing = db()
      .$transaction(async (tx) => {
        await tx.kv.create({ data: { key: "tx-row", value: "uncommitted" } });
        inside();
        await mayFinish; // e.g. signing a token while the transaction is open
        throw new Error("the request failed");
      })
      .catch((e: Error) => e.message);

    await transactionStarted;
    // Another request writes meanwhile (a session, an audit row, a rate-limit counter ...).
    // (Prisma queries are lazy: .then() starts them now, as an awaiting request would.)
    const otherWrite = db().kv.create({ data: { key: "other-request", value: "committed" } }).then((r) => r);
    const otherRead = db().kv.findUnique({ where: { key: "tx-row" } }).then((r) => r);
    // Let the other request's statements run (on the unfixed adapter they run right away).
    await new Promise((r) => setTimeout(r, 50));
    finish();

    expect(await failing).toBe("the request failed");
    await otherWrite;
    expect(await otherRead).toBeNull(); // never saw the uncommitted row
    expect(await db().kv.findUnique({ where: { key: "other-request" } })).toMatchObject({ value: "committed" });
    expect(await db().kv.findUnique({ where: { key: "tx-row" } })).toBeNull();
  });

  it("runs many concurrent transactions and plain writes without losing or mixing any", async () => {
    const work = Array.from({ length: 40 }, (_, i) =>
      i % 2
        ? db().kv.create({ data: { key: `plain-${i}`, value: "x" } }).then((r) => r)
        : db()
            .$transaction(async (tx) => {
              await tx.kv.create({ data: { key: `tx-${i}`, value: "x" } });
              await new Promise((r) => setTimeout(r, 2));
              if (i % 4 === 0) throw new Error("rollback");
            })
            .catch(() => null),
    );
    await Promise.all(work);
    const keys = (await db().kv.findMany({ where: { OR: [{ key: { startsWith: "plain-" } }, { key: { startsWith: "tx-" } }] } })).map((r) => r.key).sort();
    const expected = [
      ...Array.from({ length: 20 }, (_, j) => `plain-${2 * j + 1}`),
      ...Array.from({ length: 20 }, (_, j) => 2 * j).filter((i) => i % 4 !== 0).map((i) => `tx-${i}`),
    ].sort();
    expect(keys).toEqual(expected);
  });

  // The protocol's hot statements run as plain SQL on Prisma's own adapter (lib/db/sql.ts): its
  // transactions must keep other requests' Prisma and plain-SQL writes out just the same.
  it("keeps Prisma and plain-SQL writes apart from a plain-SQL transaction that rolls back, and mixes none", async () => {
    const sql = sqlOf(db());
    let inside!: () => void;
    const transactionStarted = new Promise<void>((r) => (inside = r));
    let finish!: () => void;
    const mayFinish = new Promise<void>((r) => (finish = r));
    const failing = sql
      .transaction(async (q) => {
        await q.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, ["plain-tx-row", "uncommitted"]);
        inside();
        await mayFinish;
        throw new Error("the request failed");
      })
      .catch((e: Error) => e.message);
    await transactionStarted;
    const prismaWrite = db().kv.create({ data: { key: "prisma-write", value: "committed" } }).then((r) => r);
    const plainWrite = sql.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, ["plain-write", "committed"]);
    const plainRead = sql.rows(`SELECT "value" FROM "kv" WHERE "key" = ?`, ["plain-tx-row"]);
    await new Promise((r) => setTimeout(r, 50));
    finish();
    expect(await failing).toBe("the request failed");
    await prismaWrite;
    expect(await plainWrite).toBe(1);
    expect(await plainRead).toEqual([]); // never saw the uncommitted row
    const keys = (await db().kv.findMany({ where: { key: { in: ["plain-tx-row", "prisma-write", "plain-write"] } } })).map((r) => r.key).sort();
    expect(keys).toEqual(["plain-write", "prisma-write"]);

    // Many at once, both kinds of transaction and plain writes: each commits or rolls back whole.
    const work = Array.from({ length: 40 }, (_, i) => {
      if (i % 4 === 1) return sql.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, [`m-plain-${i}`, "x"]);
      if (i % 4 === 3) return db().kv.create({ data: { key: `m-prisma-${i}`, value: "x" } }).then((r) => r);
      const body = async (write: (key: string) => Promise<unknown>) => {
        await write(`m-tx-${i}-a`);
        await new Promise((r) => setTimeout(r, 1));
        await write(`m-tx-${i}-b`);
        if (i % 8 === 0) throw new Error("rollback");
      };
      return (i % 8 === 2 || i % 8 === 0
        ? sql.transaction((q) => body((key) => q.run(`INSERT INTO "kv" ("key", "value") VALUES (?, ?)`, [key, "x"])))
        : db().$transaction((tx) => body((key) => tx.kv.create({ data: { key, value: "x" } })))
      ).catch(() => null);
    });
    await Promise.all(work);
    const got = (await db().kv.findMany({ where: { key: { startsWith: "m-" } } })).map((r) => r.key).sort();
    const want = Array.from({ length: 40 }, (_, i) => i)
      .flatMap((i) => (i % 4 === 1 ? [`m-plain-${i}`] : i % 4 === 3 ? [`m-prisma-${i}`] : i % 8 === 0 ? [] : [`m-tx-${i}-a`, `m-tx-${i}-b`]))
      .sort();
    expect(got).toEqual(want);
  });
});
