import { db, isPostgres, type Tx } from "../db/client";
import type { RequestMeta } from "../db/audit";

export type { Tx };

/**
 * Runs service operations in one transaction (DESIGN rule 7): route handlers and server actions
 * compose `lib/services/<domain>/<verb>-<noun>.ts` operations inside it, each writing its audit
 * row with the change.
 */
export function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db().$transaction(fn, { timeout: 15_000, maxWait: 15_000 });
}

/** Who performs an admin change, and from where: written into the audit row. */
export interface Actor {
  userId: string;
  meta: RequestMeta;
}

/**
 * Text for a `contains` filter taken literally. Prisma escapes nothing in `contains`; on
 * PostgreSQL, LIKE's escape character is the backslash, so `\`, `%` and `_` are escaped and match
 * only themselves (a search for `a\b` matched nothing before, `john_doe` matched `john.doe`).
 * SQLite's LIKE has no escape character without an ESCAPE clause, which Prisma does not write:
 * there `%` and `_` stay wildcards, so a search can show more rows, never fewer.
 */
export function likeLiteral(text: string): string {
  return isPostgres() ? text.replace(/[\\%_]/g, (c) => `\\${c}`) : text;
}

/**
 * A case-insensitive literal substring filter on both providers: SQLite's LIKE already ignores
 * ASCII case; PostgreSQL needs `mode: "insensitive"` (which the SQLite client's types do not know).
 */
export function containsText(value: string): { contains: string } {
  const text = likeLiteral(value);
  return (isPostgres() ? { contains: text, mode: "insensitive" } : { contains: text }) as { contains: string };
}
