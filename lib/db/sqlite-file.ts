import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Creates the SQLite database file readable by its owner only (0600), like the encryption key file,
 * before SQLite would create it with 0644. SQLite gives the -wal, -shm and -journal files the mode
 * of the database file, so they follow. An existing file is left as it is.
 */
export function ensurePrivateSqliteFile(path: string): void {
  if (path === ":memory:" || path === "") return;
  mkdirSync(dirname(path), { recursive: true });
  try {
    closeSync(openSync(path, "wx", 0o600));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
}
