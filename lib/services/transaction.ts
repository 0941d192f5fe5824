import { db, isPostgres, type Tx } from "../db/client";
import type { RequestMeta } from "../db/audit";
import { isLockTimeout, isUniqueViolation, isWriteConflict } from "../db/errors";
import { AppError } from "../errors";

export type { Tx };

/** Runs in all after deadlocks or serialization failures: each costs its transaction's work again. */
const MAX_RUNS = 5;
/** Runs again after a unique violation: one. A second one in a row is a conflict that stays. */
const MAX_UNIQUE_RETRIES = 1;

/**
 * Runs service operations in one transaction (DESIGN rule 7): route handlers and server actions
 * compose `lib/services/<domain>/<verb>-<noun>.ts` operations inside it, each writing its audit
 * row with the change.
 *
 * On PostgreSQL it runs again from the start when the transaction failed in a way that running it
 * again resolves; everything it did was rolled back, and it holds database work only (files it
 * writes or deletes are the same on a second run):
 *  - a deadlock or serialization failure (P2034), up to 5 runs in all, after a short random wait
 *    that grows with each run (so the two sides of a deadlock do not meet again at once):
 *    deleting a user or client locks its row, then waits for the token rows a token request holds,
 *    which in turn needs that row for its new token; PostgreSQL aborts one of the two (a 500 for
 *    the admin when it picked the delete);
 *  - a unique violation its operation did not turn into an answer itself, once: two changes sent
 *    at once that insert the same row (replacements of one set lock its parent row first,
 *    lib/db/row-lock.ts; other inserts do not). Run again, the second sees the first's row. A
 *    unique violation that comes back on the second run will on every run (a name already taken
 *    that the operation does not check): it fails then, not after 5 runs.
 * SQLite runs one transaction at a time: neither can come of a race there. A wait for a row lock
 * longer than lock_timeout is not run again (the other change may hold it for long): it answers
 * AppError busy (503, Retry-After), which says nothing was saved.
 */
export async function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  let uniqueRetries = 0;
  for (let run = 1; ; run++) {
    try {
      return await db().$transaction(fn, { timeout: 15_000, maxWait: 15_000 });
    } catch (e) {
      // A row another change held past lock_timeout (lib/db/client.ts): nothing was changed, and
      // the caller is told to try again (503 busy) instead of "something went wrong".
      if (isLockTimeout(e)) throw new AppError("busy");
      if (run >= MAX_RUNS || !isPostgres()) throw e;
      if (isWriteConflict(e)) await backoff(run);
      else if (!isUniqueViolation(e) || uniqueRetries++ >= MAX_UNIQUE_RETRIES) throw e;
    }
  }
}

/** Up to 10, 20, 40, 80 ms after runs 1 to 4, at random. */
function backoff(run: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * 2 ** (run - 1)));
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

/** Text PostgreSQL can store and compare: no NUL. A filter value that is not can match no row. */
export const storableText = (value: string): boolean => !value.includes("\u0000");

/**
 * A case-insensitive literal substring filter on both providers: SQLite's LIKE already ignores
 * ASCII case; PostgreSQL needs `mode: "insensitive"` (which the SQLite client's types do not know).
 */
export function containsText(value: string): { contains: string } | { in: string[] } {
  // Nothing stored holds a NUL (PostgreSQL refuses it) and PostgreSQL fails a query comparing
  // text with one (a 500 for /settings/admin/users?search=%00 or a picker's search): no match.
  if (!storableText(value)) return { in: [] };
  const text = likeLiteral(value);
  return (isPostgres() ? { contains: text, mode: "insensitive" } : { contains: text }) as { contains: string };
}
