import { readFileSync } from "node:fs";
import { APP_CONFIG_KEYS, APP_CONFIG_KEY_NAMES, parseAppConfig, type AppConfig, type RawAppConfig } from "./app-config-keys";

export type { AppConfig, RawAppConfig } from "./app-config-keys";

/**
 * Application configuration (inventory §4.1): the one reader every feature calls.
 *
 * Normally the settings live in the database (`app_config_variables`), so every replica shares
 * them. lib/config sits below lib/db, so the database side registers itself as the *source*
 * (lib/db/app-config-store.ts, from lib/db/client.ts) and this module keeps the cache:
 * - appConfig() answers from memory (it is on hot paths: sessions, passkey ceremonies, claims);
 * - every replica reloads the rows every APP_CONFIG_TTL_MS (a timer started at boot, and a
 *   stale read also starts a reload), so a change made on another replica is seen within a few
 *   seconds (ROADMAP seam "configuration readable by every replica within seconds");
 * - a change made by this process replaces the cached value at once (primeAppConfig()).
 * A stale value is answered while the reload runs, never awaited: appConfig() is called inside
 * transactions, and on SQLite a query outside the transaction would wait for it to end. Only the
 * very first read (at boot, before any request) waits for the database.
 * With UI_CONFIG_DISABLED=true every key comes from its env var instead, read once.
 */
export const APP_CONFIG_TTL_MS = 3000;

type Source = () => Promise<RawAppConfig>;

interface CacheState {
  source?: Source;
  /** DB mode: the parsed value, the rows it came from, and when they were last read. */
  value?: AppConfig;
  fingerprint?: string;
  checkedAt?: number;
  inflight?: Promise<AppConfig>;
  /** Bumped by invalidateAppConfig(), so a read that started before a local write is not kept. */
  generation: number;
  env?: { value: AppConfig; raw: RawAppConfig };
  warned?: Set<string>;
  now: () => number;
  loads: number;
}

const g = globalThis as unknown as { __pocketIdAppConfig?: CacheState };
// On globalThis: Next may load this module more than once (instrumentation, route bundles), and
// they must share one cache and the one registered source.
const state = (): CacheState => (g.__pocketIdAppConfig ??= { generation: 0, now: Date.now, loads: 0 });

/** lib/db registers how stored settings are read (secrets already decrypted). */
export function registerAppConfigSource(source: Source): void {
  state().source = source;
}

/** Forget the cached settings: the next appConfig() waits for the database (tests, a new db()). */
export function invalidateAppConfig(): void {
  const s = state();
  s.generation++;
  s.value = s.fingerprint = s.checkedAt = s.inflight = undefined;
}

/**
 * After this process saved the settings (and the transaction committed): cache what was saved,
 * so the next read here has it at once. A reload that started before the write is discarded.
 */
export function primeAppConfig(raw: RawAppConfig): void {
  const s = state();
  s.generation++;
  s.inflight = undefined;
  s.value = parseAppConfig(raw).config;
  s.fingerprint = fingerprintOf(raw);
  s.checkedAt = s.now();
}

/** Whether settings come from env vars (UI_CONFIG_DISABLED=true): read-only in the UI and API. */
export function isUiConfigDisabled(): boolean {
  return process.env.UI_CONFIG_DISABLED === "true";
}

export async function appConfig(): Promise<AppConfig> {
  if (isUiConfigDisabled()) return envConfig().value;
  const s = state();
  if (s.value) {
    if (s.checkedAt === undefined || s.now() - s.checkedAt >= APP_CONFIG_TTL_MS) void refreshAppConfig().catch(() => undefined);
    return s.value;
  }
  return refreshAppConfig();
}

/** Reads the stored settings now (one query; concurrent callers share it) and caches them. */
export function refreshAppConfig(): Promise<AppConfig> {
  const s = state();
  return (s.inflight ??= refresh(s).finally(() => {
    s.inflight = undefined;
  }));
}

/**
 * Boot: reload every APP_CONFIG_TTL_MS in the background, so even an idle replica answers its
 * next request with settings at most that old.
 */
export function scheduleAppConfigRefresh(): void {
  const s = state() as CacheState & { timer?: ReturnType<typeof setInterval> };
  if (s.timer) return;
  s.timer = setInterval(() => {
    if (!isUiConfigDisabled()) void refreshAppConfig().catch(() => undefined);
  }, APP_CONFIG_TTL_MS);
  s.timer.unref?.();
}

const fingerprintOf = (raw: RawAppConfig) => JSON.stringify(APP_CONFIG_KEY_NAMES.map((k) => raw[k] ?? ""));

/** The stored strings behind appConfig() (defaults not applied): for the settings API and page. */
export async function rawAppConfig(): Promise<RawAppConfig> {
  if (isUiConfigDisabled()) return envConfig().raw;
  const s = state();
  if (!s.source) return {};
  return s.source();
}

async function refresh(s: CacheState): Promise<AppConfig> {
  const generation = s.generation;
  if (!s.source) {
    // Only where no database is loaded at all (a build step, a unit test): the defaults.
    return parseAppConfig({}).config;
  }
  let raw: RawAppConfig;
  try {
    raw = await s.source();
  } catch (e) {
    if (!s.value) throw e;
    // Keep serving the last known settings through a database hiccup; try again after the TTL.
    warnOnce(s, "load", `[app-config] could not reload the settings, keeping the last ones: ${(e as Error).message}`);
    s.checkedAt = s.now();
    return s.value;
  }
  s.loads++;
  const fingerprint = fingerprintOf(raw);
  let value = s.value;
  if (!value || fingerprint !== s.fingerprint) {
    const parsed = parseAppConfig(raw);
    for (const [key, error] of Object.entries(parsed.errors)) {
      warnOnce(s, `${key}:${raw[key]}`, `[app-config] the stored ${key} is not valid (${error}); using the default until it is saved again`);
    }
    value = parsed.config;
  }
  if (generation === s.generation) {
    s.value = value;
    s.fingerprint = fingerprint;
    s.checkedAt = s.now();
  }
  return value;
}

function warnOnce(s: CacheState, id: string, message: string): void {
  s.warned ??= new Set();
  if (s.warned.has(id)) return;
  s.warned.add(id);
  console.warn(message);
}

export class AppConfigEnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid application configuration (UI_CONFIG_DISABLED=true):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "AppConfigEnvError";
  }
}

/**
 * Inventory §4.1 with UI_CONFIG_DISABLED=true: each key from its env var, unset or empty = the
 * default, sensitive keys also from `<VAR>_FILE` (Docker secrets). Invalid values stop the
 * server at boot with every problem listed, like env.ts.
 */
function envConfig(): { value: AppConfig; raw: RawAppConfig } {
  const s = state();
  if (s.env) return s.env;
  const raw: RawAppConfig = {};
  const problems: string[] = [];
  for (const key of APP_CONFIG_KEY_NAMES) {
    const d = APP_CONFIG_KEYS[key] as { env: string; sensitive?: boolean };
    let value = process.env[d.env];
    const file = d.sensitive ? process.env[`${d.env}_FILE`] : undefined;
    if (file) {
      if (value) problems.push(`${d.env} and ${d.env}_FILE are both set; use one`);
      else {
        try {
          value = readFileSync(file, "utf8").trim();
        } catch (e) {
          problems.push(`${d.env}_FILE: cannot read "${file}" (${(e as NodeJS.ErrnoException).code ?? "error"})`);
        }
      }
    }
    if (value !== undefined && value !== "") raw[key] = value;
  }
  const parsed = parseAppConfig(raw);
  for (const [key, error] of Object.entries(parsed.errors)) {
    problems.push(`${(APP_CONFIG_KEYS as Record<string, { env: string }>)[key].env}: ${error}`);
  }
  if (problems.length) throw new AppConfigEnvError(problems);
  s.env = { value: parsed.config, raw };
  return s.env;
}

/** The passkey settings alone, as the WebAuthn ceremonies read them. */
export async function webauthnConfig() {
  const c = await appConfig();
  return {
    userVerification: c.webauthnUserVerification,
    allowSyncedPasskeys: c.webauthnAllowSyncedPasskeys,
    authenticatorAttachment: c.webauthnAuthenticatorAttachment,
  };
}

/**
 * Tests only: forget the env-mode values (so a test may change the env vars it reads) and, with
 * `cold`, the database value too; optionally a clock to step past the TTL. Returns how many times
 * the source was read since, so a test can see the cache answer without a query.
 */
export function resetAppConfigForTests(opts: { now?: () => number; cold?: boolean } = {}): { loads: () => number } {
  const s = state();
  if (opts.cold) invalidateAppConfig();
  s.env = undefined;
  s.now = opts.now ?? Date.now;
  s.loads = 0;
  return { loads: () => state().loads };
}
