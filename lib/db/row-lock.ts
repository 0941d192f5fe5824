import { isPostgres, type Tx } from "./client";

/** The parent rows a replacement serializes on, by model: their table names (prisma/models.prisma @@map). */
const TABLES = { user: "users", userGroup: "user_groups", oidcClient: "oidc_clients", api: "apis" } as const;
export type LockableRow = keyof typeof TABLES;

/**
 * Locks one parent row for the rest of the transaction, before a replacement of its children (a
 * user's claims, a group's members, a client's allowed groups, an API's permissions...). Without
 * it, on PostgreSQL (READ COMMITTED), two different replacements of the same set sent at once
 * both read the old children, both delete what they do not want and both insert what they add:
 * the stored set became a mix of the two, which neither admin sent. With it the second waits
 * for the first to commit and then reads its result, so the stored set is exactly the last one.
 *
 * FOR NO KEY UPDATE, not FOR UPDATE: it conflicts with itself (one replacement at a time) but not
 * with the FOR KEY SHARE lock a foreign-key check takes, so a replacement holding a user's row
 * and one holding a group's row, each inserting a membership that references the other's row,
 * do not deadlock. SQLite runs one transaction at a time (lib/db/serialized-sqlite.ts): nothing
 * to lock there. A missing row locks nothing; the caller's own lookup answers not found.
 */
export async function lockRow(tx: Tx, model: LockableRow, id: string): Promise<void> {
  if (!isPostgres()) return;
  await tx.$queryRawUnsafe(`SELECT 1 FROM "${TABLES[model]}" WHERE "id" = $1 FOR NO KEY UPDATE`, id);
}
