/** A unique index refused the write (Prisma P2002, or the driver's message on raw queries). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === "P2002" || /unique constraint/i.test(err?.message ?? "");
}

/**
 * PostgreSQL aborted the transaction for a deadlock (40P01) or a serialization failure (40001):
 * Prisma's P2034, the driver adapter's kind TransactionWriteConflict. Everything it did was rolled
 * back, and running it again is what PostgreSQL asks for.
 */
export function isWriteConflict(e: unknown): boolean {
  const err = e as { code?: string; cause?: { kind?: string }; meta?: { driverAdapterError?: { cause?: { kind?: string } } } } | null;
  return err?.code === "P2034" || err?.cause?.kind === "TransactionWriteConflict" || err?.meta?.driverAdapterError?.cause?.kind === "TransactionWriteConflict";
}

/**
 * PostgreSQL gave up waiting for a row lock (55P03 lock_not_available, after the pool's
 * lock_timeout: lib/db/client.ts): the statement and its transaction changed nothing.
 */
export function isLockTimeout(e: unknown): boolean {
  const err = e as { code?: string; cause?: { kind?: string; code?: string }; meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string } } } } | null;
  const cause = err?.cause ?? err?.meta?.driverAdapterError?.cause;
  return cause?.kind === "postgres" && cause.code === "55P03";
}
