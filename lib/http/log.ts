/** Server-side log of unexpected errors; clients only ever see generic text. */
export function logError(where: string, e: unknown): void {
  const err = e as Error;
  console.error(`[error] ${where}: ${err?.stack ?? String(e)}`);
}
