import type { IncomingMessage, ServerResponse } from "node:http";

export const REDIRECT_HEADERS_SOURCE: string;

/** The canonical form of a request target (path and query), or null when it is canonical already or not origin-form. */
export function canonicalTarget(url: string | undefined): string | null;

export function createPathRedirect(options: { dir: string; log?: Pick<Console, "warn"> }): ((req: IncomingMessage, res: ServerResponse) => boolean) | null;
