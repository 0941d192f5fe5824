import { headers } from "next/headers";
import { refresh } from "next/cache";
import { ZodError } from "zod";
import { checkActionOrigin, requirePageAdmin, requirePageUser } from "@/lib/auth/page-session";
import { requestMeta } from "@/lib/http/request-meta";
import type { LoadedSession } from "@/lib/auth/session";
import { transaction, type Actor, type Tx } from "@/lib/services/transaction";
import { AppError, fieldErrors } from "@/lib/errors";
import { logError } from "@/lib/log";
import type { ActionResult } from "@/components/action-result";

/**
 * The one way the settings pages' server actions run a change: the Origin check (Next lets
 * Origin-less posts through), the session (admin or any user, checked here next to the data, not
 * only in the page), one transaction holding the change and its audit row, then a refresh of the
 * page the browser shows. Refusals come back as sentences, with the field they belong to.
 */
export async function runAction<T>(
  opts: { path: string; admin?: boolean; message?: string; refresh?: boolean },
  fn: (tx: Tx, actor: Actor, session: LoadedSession) => Promise<T>,
): Promise<ActionResult<T>> {
  return runGuarded(opts, (actor, session) => transaction((tx) => fn(tx, actor, session)));
}

/** The same checks and answers for a service that runs its own transaction. */
export async function runGuarded<T>(
  opts: { path: string; admin?: boolean; message?: string; refresh?: boolean },
  fn: (actor: Actor, session: LoadedSession) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    await checkActionOrigin();
    const session = opts.admin === false ? await requirePageUser(opts.path) : await requirePageAdmin(opts.path);
    const actor: Actor = { userId: session.userId, meta: requestMeta(await headers()) };
    const data = await fn(actor, session);
    // refresh: false when the caller must keep showing something the refresh would unmount (a key shown once).
    if (opts.refresh !== false) refresh();
    return { ok: true, data, message: opts.message };
  } catch (e) {
    return actionError(e);
  }
}

/**
 * Server actions receive whatever arguments a caller sends, and what is computed from them before
 * runAction/runGuarded checks the session runs for anonymous callers too: a page path built from an
 * id, a success message naming the new item. These two never throw on such input (not text, or
 * text with a lone surrogate, which encodeURIComponent refuses), so a junk call is refused like any
 * other instead of failing with a 500 and an error in the log. An id that is not usable names no
 * page: the list page `base` stands in for it.
 */
export function pathFor(base: string, id: unknown): string {
  if (typeof id !== "string" || !id.isWellFormed()) return base;
  return `${base}/${encodeURIComponent(id)}`;
}

/** A name from an action's input for its success message; empty when the input has none. */
export function shownName(value: unknown): string {
  return typeof value === "string" ? value.trim() : "";
}

/** A read for a client component (a picker's search): same checks, no transaction, no refresh. */
export async function runQuery<T>(opts: { path: string; admin?: boolean }, fn: () => Promise<T>): Promise<T> {
  await checkActionOrigin();
  if (opts.admin === false) await requirePageUser(opts.path);
  else await requirePageAdmin(opts.path);
  return fn();
}

export function actionError(e: unknown): ActionResult<never> {
  if ((e as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT")) throw e;
  if (e instanceof ZodError) return { ok: false, error: "Some fields need a correction: see the messages next to them.", fieldErrors: fieldErrors(e) };
  if (e instanceof AppError) {
    const details: Record<string, string> = {};
    // `reason` tells API clients why (last_admin, self); it names no field.
    for (const [k, v] of Object.entries(e.details ?? {})) if (typeof v === "string" && k !== "reason") details[k] = v;
    return { ok: false, error: e.message, fieldErrors: details };
  }
  logError("settings action", e);
  return { ok: false, error: "Something went wrong on the server. Try again; if it keeps failing, check the server log." };
}
