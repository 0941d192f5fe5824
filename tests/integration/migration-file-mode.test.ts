// SQLite database files hold sessions, tokens and personal data: they must be created readable by
// their owner only (0600), like the encryption key, whether the migration runner or the Prisma client
// creates the database first, and SQLite's -wal and -shm files must follow.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMigrations } from "@/lib/db/migrate";
import { createDb, type Db } from "@/lib/db/client";

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe("SQLite file permissions", () => {
  let dir: string;
  let previousUmask: number;
  let client: Db | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "pocketid-mode-"));
    // The usual umask: without care, SQLite would create world-readable 0644 files.
    previousUmask = process.umask(0o022);
  });
  afterEach(async () => {
    await client?.$disconnect();
    client = undefined;
    process.umask(previousUmask);
    rmSync(dir, { recursive: true, force: true });
  });

  /** Keeps a write open so SQLite has its -wal and -shm files on disk while we look. */
  async function expectPrivateFiles(path: string) {
    await client!.$executeRawUnsafe(`INSERT INTO "kv" ("key", "value") VALUES ('probe', 'x')`);
    for (const suffix of ["", "-wal", "-shm"]) {
      expect(existsSync(path + suffix), `${path}${suffix} exists`).toBe(true);
      expect(mode(path + suffix), `mode of ${path}${suffix}`).toBe("600");
    }
  }

  it("creates the database, -wal and -shm as 0600 when the migration runner comes first", async () => {
    const path = join(dir, "data", "pocket-id.db");
    await runMigrations({ provider: "sqlite", path });
    expect(mode(path)).toBe("600");
    client = createDb({ provider: "sqlite", path });
    await expectPrivateFiles(path);
  });

  it("creates the database, -wal and -shm as 0600 when the Prisma client comes first", async () => {
    const path = join(dir, "client-first.db");
    client = createDb({ provider: "sqlite", path });
    await client.$queryRawUnsafe("PRAGMA journal_mode = WAL");
    expect(mode(path)).toBe("600");
    await runMigrations({ provider: "sqlite", path });
    await expectPrivateFiles(path);
  });
});
