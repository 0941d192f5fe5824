// transaction() (lib/services/transaction.ts) runs a service transaction again on PostgreSQL when
// running it again can succeed: after a deadlock or serialization failure (up to 5 runs), and once
// after a unique violation. A unique violation that stays (a name already taken) failed only after
// 5 runs of the same work before; it now fails on the second. SQLite never runs one twice.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import pg from "pg";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { db } from "@/lib/db/client";
import { isUniqueViolation, isWriteConflict } from "@/lib/db/errors";
import { transaction } from "@/lib/services/transaction";

describe.each(PROVIDERS)("transaction() running again, on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
  });
  afterEach(async () => t.cleanup());

  it("a unique violation that comes back every time: the body runs at most twice, then the error", async () => {
    await db().userGroup.create({ data: { name: "taken", friendlyName: "Taken" } });
    let runs = 0;
    const failed = await transaction(async (tx) => {
      runs++;
      await tx.userGroup.create({ data: { name: "taken", friendlyName: "Again" } });
    }).catch((e: unknown) => e);
    expect(isUniqueViolation(failed)).toBe(true);
    expect(runs).toBe(provider === "postgresql" ? 2 : 1);
    expect(await db().userGroup.count()).toBe(1);
  });

  it.runIf(provider === "postgresql")("a serialization failure every time: 5 runs, then the error", async () => {
    let runs = 0;
    const failed = await transaction(async (tx) => {
      runs++;
      await tx.$executeRawUnsafe(`DO $$ BEGIN RAISE EXCEPTION 'could not serialize access' USING ERRCODE = '40001'; END $$`);
    }).catch((e: unknown) => e);
    expect(isWriteConflict(failed)).toBe(true);
    expect(runs).toBe(5);
  });

  /**
   * A real deadlock: another connection holds group B and then asks for group A, which the body's
   * first run holds while it asks for B. PostgreSQL aborts the body's run (the other connection's
   * deadlock check is made to wait 30 s); the second run waits for the other to commit and succeeds.
   */
  it.runIf(provider === "postgresql")("a deadlock on the first run: the second run succeeds and its result is returned", async () => {
    const a = (await db().userGroup.create({ data: { name: "a", friendlyName: "A" } })).id;
    const b = (await db().userGroup.create({ data: { name: "b", friendlyName: "B" } })).id;
    const url = (t.target as { url: string }).url;
    const other = new pg.Client({ connectionString: url });
    const watcher = new pg.Client({ connectionString: url });
    await other.connect();
    await watcher.connect();
    let otherDone: Promise<unknown> = Promise.resolve();
    try {
      await other.query("SET deadlock_timeout = '30s'");
      await other.query("BEGIN");
      await other.query(`UPDATE "user_groups" SET "friendly_name" = 'other' WHERE "id" = $1`, [b]);
      const otherPid = (await other.query("SELECT pg_backend_pid() AS pid")).rows[0].pid as number;
      let runs = 0;
      const result = await transaction(async (tx) => {
        runs++;
        await tx.userGroup.update({ where: { id: a }, data: { friendlyName: `run ${runs}` } });
        if (runs === 1) {
          otherDone = other.query(`UPDATE "user_groups" SET "friendly_name" = 'other' WHERE "id" = $1`, [a]).then(() => other.query("COMMIT"));
          for (;;) {
            const { rows } = await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'`, [otherPid]);
            if (rows.length) break;
            await new Promise((r) => setTimeout(r, 20));
          }
        }
        await tx.userGroup.update({ where: { id: b }, data: { friendlyName: `run ${runs}` } });
        return `done in run ${runs}`;
      });
      await otherDone;
      expect(result).toBe("done in run 2");
      expect((await db().userGroup.findMany({ orderBy: { name: "asc" } })).map((g) => g.friendlyName)).toEqual(["run 2", "run 2"]);
    } finally {
      await otherDone.catch(() => undefined);
      await other.end();
      await watcher.end();
    }
  });
});
