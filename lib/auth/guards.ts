import type { NextRequest } from "next/server";
import { env } from "../config/env";
import { AppError } from "../errors";
import { loadSession, sessionCookieName, type LoadedSession } from "./session";

/**
 * Cross-site request defence for cookie-authenticated state changes (DESIGN: Next.js gives route
 * handlers no CSRF protection). The Origin header, or failing that the Referer, must be APP_URL.
 */
export function checkOrigin(request: { headers: Headers }): void {
  const expected = env().appUrl;
  const origin = request.headers.get("origin");
  if (origin) {
    if (origin.toLowerCase() !== expected) throw new AppError("invalid_origin");
    return;
  }
  const referer = request.headers.get("referer");
  if (referer) {
    try {
      if (new URL(referer).origin.toLowerCase() === expected) return;
    } catch {}
  }
  throw new AppError("invalid_origin");
}

export async function sessionFromRequest(request: NextRequest): Promise<LoadedSession | null> {
  return loadSession(request.cookies.get(sessionCookieName())?.value);
}

/** The signed-in user of a REST request, or 401 not_signed_in. (API keys arrive with the admin issue.) */
export async function requireUser(request: NextRequest): Promise<LoadedSession> {
  const session = await sessionFromRequest(request);
  if (!session) throw new AppError("not_signed_in");
  return session;
}

export async function requireAdmin(request: NextRequest): Promise<LoadedSession> {
  const session = await requireUser(request);
  if (!session.user.isAdmin) throw new AppError("forbidden");
  return session;
}
