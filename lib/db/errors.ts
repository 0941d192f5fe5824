/** A unique index refused the write (Prisma P2002, or the driver's message on raw queries). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string } | null;
  return err?.code === "P2002" || /unique constraint/i.test(err?.message ?? "");
}
