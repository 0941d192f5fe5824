import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { env } from "../config/env";
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

/**
 * The post-sign-in target named by `?redirect=`, only when it stays on this site. The value is
 * resolved the way a browser would resolve it (WHATWG URL: tab, CR and LF stripped, `\\` read
 * as `/`), so `/\t/evil.example` is seen as the protocol-relative `//evil.example` it becomes.
 * The result is the normalised path, query and fragment of the resolved URL: percent-encoded,
 * so `redirect()` never puts a raw control character into a Location header.
 */
export function safeRedirectPath(value: string | null | undefined, fallback = "/settings", appUrl = env().appUrl): string {
  if (!value) return fallback;
  let target: URL;
  try {
    target = new URL(value, appUrl);
  } catch {
    return fallback;
  }
  if (target.origin !== new URL(appUrl).origin) return fallback;
  return target.pathname + target.search + target.hash;
}

/** Server actions: the same Origin/Referer check as route handlers (Next lets Origin-less posts through). */
export async function checkActionOrigin(): Promise<void> {
  const { headers } = await import("next/headers");
  const { checkOrigin } = await import("./guards");
  checkOrigin({ headers: await headers() });
}
