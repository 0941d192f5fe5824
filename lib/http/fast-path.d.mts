import type { IncomingMessage, ServerResponse } from "node:http";

export const FAST_PATHS: string[];

/** FAST_PATH: true (default, on) or false (off); throws on anything else. */
export function fastPathSetting(value: string | undefined): boolean;

export interface FastPath {
  paths: string[];
  arm(): void;
  handle(req: IncomingMessage, res: ServerResponse, fallback: (req: IncomingMessage, res: ServerResponse) => unknown): boolean;
}

export function createFastPath(options: {
  dir: string;
  hostname: string;
  port: number;
  log?: Pick<Console, "warn" | "error">;
  /** Tests only: the exact paths to serve (default FAST_PATHS). */
  paths?: string[];
}): Promise<FastPath | null>;

export function headersFor(rules: { regex: string; headers: { key: string; value: string }[]; has?: unknown; missing?: unknown }[], path: string): Record<string, string> | null;
