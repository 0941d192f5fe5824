/**
 * The few process facts that are not configuration (set by Node/Next, not by the operator).
 * Reading them here keeps `process.env` inside lib/config (DESIGN: layering).
 */

/** `next dev`: the CSP allows eval for React's dev tooling. */
export function isDevelopment(): boolean {
  return process.env.NODE_ENV === "development";
}

/** Folder holding prisma/<provider>/migrations; the working directory's prisma/ unless overridden. */
export function migrationsRoot(): string | undefined {
  return process.env.MIGRATIONS_ROOT;
}

/** LOG_LEVEL as given (the logger must work before, and even if, the full configuration parses). */
export function rawLogLevel(): string | undefined {
  return process.env.LOG_LEVEL;
}
