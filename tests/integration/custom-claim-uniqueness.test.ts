// Regression: UNIQUE(key, user_id, user_group_id) never fired (one owner column is always NULL), so a
// user or group could hold two values for one claim key, or a claim could have no owner at all. The
// database must refuse both, on SQLite and PostgreSQL, and the migration must keep existing claims.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROVIDERS, freshDatabase, type Provider, type TestDb } from "../helpers/db";
import { seedUser } from "../helpers/seed";
import { runMigrations } from "@/lib/db/migrate";
import { db } from "@/lib/db/client";
import { prismaOidcStore } from "@/lib/db/oidc-store";
import { userClaims } from "@/lib/oidc/claims";

describe.each(PROVIDERS)("custom claims on %s", (provider: Provider) => {
  let t: TestDb;
  afterEach(async () => t.cleanup());

  describe("constraints", () => {
    let userId: string;
    let groupId: string;
    beforeEach(async () => {
      t = await freshDatabase(provider);
      userId = (await seedUser("alice")).id;
      groupId = (await db().userGroup.create({ data: { name: "devs", friendlyName: "Developers" } })).id;
      await db().userGroupMember.create({ data: { userId, userGroupId: groupId } });
    });

    it("refuses a second value for the same key of the same user, keeping the first", async () => {
      await db().userCustomClaim.create({ data: { userId, key: "shell", value: '"/bin/zsh"' } });
      await expect(db().userCustomClaim.create({ data: { userId, key: "shell", value: '"/bin/sh"' } })).rejects.toMatchObject({ code: "P2002" });
      expect(await db().userCustomClaim.findMany({ where: { userId }, select: { key: true, value: true } })).toEqual([{ key: "shell", value: '"/bin/zsh"' }]);
      // Another user may use the key.
      const bob = await seedUser("bob");
      await db().userCustomClaim.create({ data: { userId: bob.id, key: "shell", value: '"/bin/bash"' } });
    });

    it("refuses a second value for the same key of the same group", async () => {
      await db().userGroupCustomClaim.create({ data: { userGroupId: groupId, key: "team", value: '"core"' } });
      await expect(db().userGroupCustomClaim.create({ data: { userGroupId: groupId, key: "team", value: '"web"' } })).rejects.toMatchObject({ code: "P2002" });
      expect(await db().userGroupCustomClaim.count({ where: { userGroupId: groupId } })).toBe(1);
    });

    it("refuses a claim with no owner, with both owners, or with an owner of the wrong kind", async () => {
      const now = provider === "sqlite" ? "'2026-01-01T00:00:00.000+00:00'" : "CURRENT_TIMESTAMP";
      const insert = (sql: string) => db().$executeRawUnsafe(sql);
      await expect(insert(`INSERT INTO "user_custom_claims" ("user_id", "key", "value", "created_at") VALUES (NULL, 'k', 'v', ${now})`)).rejects.toThrow();
      await expect(insert(`INSERT INTO "user_group_custom_claims" ("user_group_id", "key", "value", "created_at") VALUES (NULL, 'k', 'v', ${now})`)).rejects.toThrow();
      await expect(
        insert(`INSERT INTO "user_custom_claims" ("user_id", "user_group_id", "key", "value", "created_at") VALUES ('${userId}', '${groupId}', 'k', 'v', ${now})`),
      ).rejects.toThrow();
      // A group id is not a user: the foreign key refuses it.
      await expect(insert(`INSERT INTO "user_custom_claims" ("user_id", "key", "value", "created_at") VALUES ('${groupId}', 'k', 'v', ${now})`)).rejects.toThrow();
      expect(await db().userCustomClaim.count()).toBe(0);
      expect(await db().userGroupCustomClaim.count()).toBe(0);
    });

    it("lets a user's own value win over the group's value for the same key (inventory §2.10)", async () => {
      await db().userGroupCustomClaim.create({ data: { userGroupId: groupId, key: "shell", value: '"/bin/sh"' } });
      await db().userGroupCustomClaim.create({ data: { userGroupId: groupId, key: "team", value: '"core"' } });
      await db().userCustomClaim.create({ data: { userId, key: "shell", value: '"/bin/zsh"' } });
      const user = await prismaOidcStore(db()).findUser(userId);
      expect(userClaims(user!, ["openid", "profile"], "http://localhost:1411")).toMatchObject({ shell: "/bin/zsh", team: "core" });
    });
  });

  describe("migration from the single custom_claims table", () => {
    let root: string;
    beforeEach(async () => {
      // Migrate a private copy of the tree only up to the last migration with the old table.
      root = mkdtempSync(join(tmpdir(), "pocketid-claims-"));
      const source = join(process.cwd(), "prisma", provider, "migrations");
      const split = readdirSync(source).find((n) => n.endsWith("_split_custom_claims"))!;
      cpSync(source, join(root, provider, "migrations"), { recursive: true, filter: (src) => !/^\d{14}_/.test(src.slice(source.length + 1)) || src.slice(source.length + 1) < split });
      process.env.MIGRATIONS_ROOT = root;
      t = await freshDatabase(provider);
      // Later migrations are added after the old-shape rows are in place.
      cpSync(source, join(root, provider, "migrations"), { recursive: true });
    });
    afterEach(() => {
      delete process.env.MIGRATIONS_ROOT;
      rmSync(root, { recursive: true, force: true });
    });

    it("keeps every claim, and only the newest value where an owner had a key twice", async () => {
      const userId = (await seedUser("alice")).id;
      const groupId = (await db().userGroup.create({ data: { name: "devs", friendlyName: "Developers" } })).id;
      const at = (minute: number) => `'2026-01-01T00:${String(minute).padStart(2, "0")}:00.000+00:00'`;
      const rows: [string, string, string, string | null, string | null, number][] = [
        ["c1", "shell", '"/bin/sh"', userId, null, 1],
        ["c2", "shell", '"/bin/zsh"', userId, null, 2], // newer: kept
        ["c3", "level", "3", userId, null, 1],
        ["c4", "team", '"web"', null, groupId, 5], // newer: kept
        ["c5", "team", '"core"', null, groupId, 4],
        ["c6", "both", '"owners"', userId, groupId, 1], // stays with the user
        ["c7", "nobody", '"x"', null, null, 1], // no owner: never released, dropped
      ];
      const params = provider === "sqlite" ? "?, ?, ?, ?, ?" : "$1, $2, $3, $4, $5";
      for (const [id, key, value, u, g, minute] of rows) {
        await db().$executeRawUnsafe(
          `INSERT INTO "custom_claims" ("id", "key", "value", "user_id", "user_group_id", "created_at") VALUES (${params}, ${at(minute)})`,
          id, key, value, u, g,
        );
      }
      await runMigrations(t.target);
      expect(await db().userCustomClaim.findMany({ orderBy: { key: "asc" }, select: { userId: true, key: true, value: true } })).toEqual([
        { userId, key: "both", value: '"owners"' },
        { userId, key: "level", value: "3" },
        { userId, key: "shell", value: '"/bin/zsh"' },
      ]);
      expect(await db().userGroupCustomClaim.findMany({ select: { userGroupId: true, key: true, value: true } })).toEqual([{ userGroupId: groupId, key: "team", value: '"web"' }]);
    });
  });
});
