/**
 * Minimal leveled logger (LOG_LEVEL: debug, info, warn, error). Unexpected errors are logged with
 * their stack here; clients only ever see generic text.
 */
import { rawLogLevel } from "./config/runtime";

const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof LEVELS;

function threshold(): number {
  const configured = (rawLogLevel() ?? "info").toLowerCase() as Level;
  return LEVELS[configured] ?? LEVELS.info;
}

function emit(level: Level, message: string): void {
  if (LEVELS[level] < threshold()) return;
  (level === "error" ? console.error : level === "warn" ? console.warn : console.log)(message);
}

export const log = {
  debug: (m: string) => emit("debug", m),
  info: (m: string) => emit("info", m),
  warn: (m: string) => emit("warn", m),
  error: (m: string) => emit("error", m),
};

export function logError(where: string, e: unknown): void {
  const err = e as Error;
  // A client that closed its connection before sending its whole request (node:http destroys the
  // request with "aborted", ECONNRESET): not a fault here, and at error level with a stack it let
  // anyone flood the error log by dropping connections mid-body.
  if (err?.message === "aborted" && (err as { code?: unknown }).code === "ECONNRESET") {
    log.info(`[client] ${where}: the client closed the connection before its request was complete`);
    return;
  }
  log.error(`[error] ${where}: ${err?.stack ?? String(e)}`);
}
