import type { IncomingMessage, ServerResponse } from "node:http";

export const REDIRECT_HEADERS_SOURCE: string;

/** The canonical form of a request target (path and query), or null when it is canonical already or not origin-form. */
export function canonicalTarget(url: string | undefined): string | null;

/** The request target in origin-form, with the authority of an absolute-form target as `host`; null when it names no path of this server (RFC 9112 §3.2). */
export function originFormTarget(url: string | undefined): { url: string; host: string | null } | null;

/** next.config.ts's security headers for `/:path+/` from the build in `dir`, names lower-case; null (logged) when the build has none. */
export function securityHeaders(options: { dir: string; log?: Pick<Console, "warn"> }): Record<string, string> | null;

export function createPathRedirect(options: { dir: string; log?: Pick<Console, "warn">; headers?: Record<string, string> | null }): ((req: IncomingMessage, res: ServerResponse) => boolean) | null;
