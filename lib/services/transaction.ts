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
 * A case-insensitive substring filter on both providers: SQLite's LIKE already ignores ASCII
 * case; PostgreSQL needs `mode: "insensitive"` (which the SQLite client's types do not know).
 */
export function containsText(value: string): { contains: string } {
  return (isPostgres() ? { contains: value, mode: "insensitive" } : { contains: value }) as { contains: string };
}
