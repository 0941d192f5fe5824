import { appConfig } from "../config/app-config";
import { env } from "../config/env";
import type { Db } from "../db/client";
import { cimdClientState, saveCimdClient } from "../db/cimd-clients";
import { log } from "../log";
import { isAllowedCimdClientId } from "../oidc/cimd";
import type { OidcStore } from "../oidc/store";
import { fetchCimdClient } from "./cimd-fetch";

const g = globalThis as unknown as { __pocketIdCimdInternalForTests?: boolean };

/**
 * TEST ONLY: let metadata documents come from http://127.0.0.1 so integration tests can serve
 * them locally. Nothing in the application calls it; by default loopback and http are refused.
 */
export function allowInternalCimdFetchesForTests(on: boolean): void {
  g.__pocketIdCimdInternalForTests = on;
}

/**
 * Makes sure the client row for a Client ID Metadata Document URL is there and fresh
 * (inventory §2.17): fetched when absent or expired, never when a registered client owns the id.
 * A failed re-fetch keeps the last good document (a failure is never stored); a failed first
 * fetch leaves no row, so the client is simply unknown.
 */
export async function ensureCimdClient(root: Db, clientId: string, now: Date = new Date()): Promise<void> {
  const forTests = g.__pocketIdCimdInternalForTests === true;
  const { cimdUrlAllowlist } = await appConfig();
  if (!isAllowedCimdClientId(clientId, cimdUrlAllowlist, { allowHttp: forTests })) return;
  const state = await cimdClientState(root, clientId);
  if (state.kind === "registered") return;
  if (state.kind === "cimd" && state.expiresAt && state.expiresAt > now) return;
  try {
    const fetched = await fetchCimdClient(clientId, { localIpv6Ranges: env().localIpv6Ranges, unsafeAllowInternalForTests: forTests }, now);
    await saveCimdClient(root, fetched.client, fetched.expiresAt);
  } catch (e) {
    log.warn(`[cimd] ${clientId}: ${(e as Error).message}`);
  }
}

/**
 * The store with CIMD resolution in front of findClient. Only the top-level store resolves: a
 * store handed to a transaction callback never fetches (no network I/O while a transaction holds
 * the database), so the row must already be there, as it is after /authorize.
 */
export function withCimdClients(store: OidcStore, root: Db): OidcStore {
  return {
    ...store,
    async findClient(id) {
      await ensureCimdClient(root, id);
      return store.findClient(id);
    },
  };
}
