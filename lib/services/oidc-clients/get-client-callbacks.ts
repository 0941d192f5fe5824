import { db } from "../../db/client";
import { logError } from "../../log";
import { isLookupId } from "../validation";

/**
 * The registered callback URLs of a client, for the sign-in error page's admin hint (issue 8 item
 * 3: "which URI was received, and the registered ones"). The caller shows them only to a signed-in
 * admin. Like loadClientSummary, a failing lookup is logged and reads as "unknown".
 */
export async function loadClientCallbacks(clientId: string | null | undefined): Promise<{ id: string; callbackURLs: string[] } | null> {
  if (!clientId || !isLookupId(clientId)) return null;
  try {
    const row = await db().oidcClient.findUnique({ where: { id: clientId }, select: { id: true, callbackUrls: true } });
    if (!row) return null;
    const parsed: unknown = JSON.parse(row.callbackUrls);
    return { id: row.id, callbackURLs: Array.isArray(parsed) ? parsed.filter((u): u is string => typeof u === "string") : [] };
  } catch (e) {
    logError("loadClientCallbacks", e);
    return null;
  }
}
