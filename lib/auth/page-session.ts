import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { loadSession, sessionCookieName, type LoadedSession } from "./session";

/** Session of the current page request (server components). */
export async function pageSession(): Promise<LoadedSession | null> {
  const store = await cookies();
  return loadSession(store.get(sessionCookieName())?.value);
}

/** Pages that need a user: unauthenticated visitors go to /login?redirect=<path>. */
export async function requirePageUser(path: string): Promise<LoadedSession> {
  const session = await pageSession();
  if (!session) redirect(`/login?redirect=${encodeURIComponent(path)}`);
  return session;
}

/** Admin pages: non-admins are sent to /settings (inventory §1.5 routing rules). */
export async function requirePageAdmin(path: string): Promise<LoadedSession> {
  const session = await requirePageUser(path);
  if (!session.user.isAdmin) redirect("/settings");
  return session;
}

/** Only same-site relative paths may be used as post-login redirects (no open redirect). */
export function safeRedirectPath(value: string | null | undefined, fallback = "/settings"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  return value;
}

/** Server actions: the same Origin/Referer check as route handlers (Next lets Origin-less posts through). */
export async function checkActionOrigin(): Promise<void> {
  const { headers } = await import("next/headers");
  const { checkOrigin } = await import("./guards");
  checkOrigin({ headers: await headers() });
}
