import { appConfig } from "../config/app-config";
import { env } from "../config/env";
import type { Db } from "../db/client";
import { cimdClientState, recordCimdFetchFailure, saveCimdClient, SYSTEM_ACTOR, type CimdFetchActor } from "../db/cimd-clients";
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
    await fetchAndSave(root, clientId, now, SYSTEM_ACTOR);
  } catch (e) {
    log.warn(`[cimd] ${clientId}: not stored: ${(e as Error).message}`);
  }
}

export type CimdRefreshResult = { ok: true; consentsRevoked: boolean } | { ok: false; reason: "not_allowed" | "fetch_failed"; error: string };

/**
 * Fetches a stored CIMD client's document now, whatever its cache says (admin "refresh metadata",
 * inventory §1.5/§6.3). The URL must still be on the allowlist; a failure keeps the last good
 * document. The caller has checked the row is a CIMD client.
 */
export async function refreshCimdClient(root: Db, clientId: string, actor: CimdFetchActor, now: Date = new Date()): Promise<CimdRefreshResult> {
  const forTests = g.__pocketIdCimdInternalForTests === true;
  const { cimdUrlAllowlist } = await appConfig();
  if (!isAllowedCimdClientId(clientId, cimdUrlAllowlist, { allowHttp: forTests })) {
    return { ok: false, reason: "not_allowed", error: "The client's URL is not on the CIMD URL allowlist (any more)." };
  }
  return fetchAndSave(root, clientId, now, actor);
}

async function fetchAndSave(root: Db, clientId: string, now: Date, actor: CimdFetchActor): Promise<CimdRefreshResult> {
  const forTests = g.__pocketIdCimdInternalForTests === true;
  let fetched;
  try {
    fetched = await fetchCimdClient(clientId, { localIpv6Ranges: env().localIpv6Ranges, unsafeAllowInternalForTests: forTests }, now);
  } catch (e) {
    const error = (e as Error).message;
    log.warn(`[cimd] ${clientId}: ${error}`);
    await recordCimdFetchFailure(root, clientId, error, actor).catch((err: unknown) => log.warn(`[cimd] audit of a failed fetch not written: ${(err as Error).message}`));
    return { ok: false, reason: "fetch_failed", error };
  }
  const saved = await saveCimdClient(root, fetched.client, fetched.expiresAt, actor);
  return { ok: true, consentsRevoked: saved.consentsRevoked };
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
    async findClientWithSecrets(id, now) {
      await ensureCimdClient(root, id);
      return store.findClientWithSecrets(id, now);
    },
  };
}
