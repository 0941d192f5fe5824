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
  const origin = new URL(appUrl).origin;
  if (target.origin !== origin) return fallback;
  const path = target.pathname + target.search + target.hash;
  // Dot segments can leave a path that itself starts with "//" (`/.//evil.example` resolves to
  // the path `//evil.example`), which the browser reads as another host when it follows the
  // Location header: the result must be a plain absolute path that resolves to this site again.
  if (!isPlainAbsolutePath(path) || new URL(path, origin).origin !== origin) return fallback;
  return path;
}

/**
 * "/x..." but never "//x" or "/\\x" (both name another host): as given, once percent-decoded,
 * and with the decoded form's dot segments resolved, so that no later decoding step in a proxy,
 * a framework or a browser can turn it into a host.
 */
function isPlainAbsolutePath(path: string): boolean {
  const plain = (p: string) => p.startsWith("/") && p[1] !== "/" && p[1] !== "\\";
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  let resolved: URL;
  try {
    resolved = new URL(decoded, "http://x.invalid");
  } catch {
    return false;
  }
  return plain(path) && plain(decoded) && resolved.host === "x.invalid" && plain(resolved.pathname);
}

/** Server actions: the same Origin/Referer check as route handlers (Next lets Origin-less posts through). */
export async function checkActionOrigin(): Promise<void> {
  const { headers } = await import("next/headers");
  const { checkOrigin } = await import("./guards");
  checkOrigin({ headers: await headers() });
}
