import { readFileSync, statSync } from "node:fs";
import { Reader, type CityResponse } from "maxmind";
import { env } from "../config/env";
import { log } from "../log";

/**
 * GeoLite2 City lookups for audit log locations (inventory §4.2 GEOLITE_DB_PATH, §6.6), read with
 * MaxMind's `maxmind` reader. The file is optional: without it public addresses have no location,
 * and one log line says where the file was expected. A replaced file (new mtime) is picked up
 * within a minute, as Pocket ID watches it for manual replacement. Downloading it with a MaxMind
 * licence key is not done here (the machine running this may have no internet access): place the
 * file, or let a cron job refresh it.
 */
const RECHECK_MS = 60_000;

interface State {
  path: string;
  reader: Reader<CityResponse> | null;
  mtimeMs: number | null;
  checkedAt: number;
  warned: boolean;
}

const g = globalThis as unknown as { __pocketIdGeolite?: State };

function current(now: number): Reader<CityResponse> | null {
  const path = env().geoliteDbPath;
  let state = g.__pocketIdGeolite;
  if (state && state.path === path && now - state.checkedAt < RECHECK_MS) return state.reader;
  state = state?.path === path ? state : { path, reader: null, mtimeMs: null, checkedAt: 0, warned: false };
  g.__pocketIdGeolite = state;
  state.checkedAt = now;
  let mtimeMs: number | null = null;
  try {
    mtimeMs = statSync(path).mtimeMs;
  } catch {
    mtimeMs = null;
  }
  if (mtimeMs === null) {
    if (!state.warned) log.info(`[geolite] No GeoLite2 City database at ${path} (GEOLITE_DB_PATH): audit log entries from public addresses get no location.`);
    state.warned = true;
    state.reader = null;
    state.mtimeMs = null;
    return null;
  }
  if (state.reader && state.mtimeMs === mtimeMs) return state.reader;
  try {
    state.reader = new Reader<CityResponse>(readFileSync(path));
    state.mtimeMs = mtimeMs;
    state.warned = false;
    log.info(`[geolite] Loaded ${state.reader.metadata.databaseType} from ${path}.`);
  } catch (e) {
    log.warn(`[geolite] ${path} is not a readable MaxMind database: ${(e as Error).message}. Audit log entries from public addresses get no location.`);
    state.reader = null;
    state.mtimeMs = mtimeMs;
  }
  return state.reader;
}

/** Country and city (English names) of a public address, or null when unknown or no database is there. */
export function geoliteLocation(ip: string, now = Date.now()): { country: string; city: string } | null {
  const reader = current(now);
  if (!reader) return null;
  try {
    const hit = reader.get(ip);
    const country = hit?.country?.names?.en ?? hit?.registered_country?.names?.en ?? "";
    const city = hit?.city?.names?.en ?? "";
    return country || city ? { country, city } : null;
  } catch {
    // An IPv6 address in an IPv4-only database, or a malformed address: no location.
    return null;
  }
}

/** TEST ONLY: forget the loaded database so the next lookup reads GEOLITE_DB_PATH again. */
export function resetGeoliteForTests(): void {
  delete g.__pocketIdGeolite;
}
