import { db } from "../db/client";
import { logError } from "../log";
import { isLookupId } from "./validation";

export interface ClientSummary {
  name: string;
  /** The app's own start page, only when it is an http(s) URL: the error page links to it. */
  launchURL: string | null;
}

/**
 * What the sign-in error page may say about the app that sent the user: its registered name and a
 * safe link back. The client_id comes from the query string, so nothing but stored values is
 * returned. The error page must render even while the database is failing (it is also the
 * server_error page), so a failed lookup is logged and reads as "unknown app".
 */
export async function loadClientSummary(clientId: string | null | undefined): Promise<ClientSummary | null> {
  if (!clientId || !isLookupId(clientId)) return null;
  try {
    const row = await db().oidcClient.findUnique({ where: { id: clientId }, select: { name: true, launchUrl: true } });
    if (!row) return null;
    return { name: row.name, launchURL: httpUrlOrNull(row.launchUrl) };
  } catch (e) {
    logError("loadClientSummary", e);
    return null;
  }
}

/** A stored launch URL older than the http(s)-only rule could be javascript: or data:; never link to those. */
function httpUrlOrNull(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}
