import type { IncomingMessage } from "node:http";
export function createActionOriginCheck(options?: { allowedOrigins?: unknown }): (req: Pick<IncomingMessage, "method" | "url" | "headers">) => boolean;
