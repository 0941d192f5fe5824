import type { Duplex } from "node:stream";

/** headersTimeout, requestTimeout and connectionsCheckingInterval (ms) for http.createServer. */
export const SERVER_TIMEOUTS: Readonly<{ headersTimeout: number; requestTimeout: number; connectionsCheckingInterval: number }>;

/** The `clientError` listener: Node's status for the parser error (400, 408, 413, 431) with `headers` and HSTS, Connection: close, no body. */
export function createClientErrorHandler(options?: { headers?: Record<string, string> | null; hsts?: string | null }): (err: Error & { code?: string }, socket: Duplex) => void;
