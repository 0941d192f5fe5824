import { isUiConfigDisabled, rawAppConfig } from "../../config/app-config";
import { APP_CONFIG_KEYS, APP_CONFIG_KEY_NAMES } from "../../config/app-config-keys";
import { entryFor, type AppConfigEntry } from "./app-config-dto";

/**
 * GET /api/application-configuration/all (admin): every key with its effective value (defaults
 * applied), its type and whether it is public; sensitive values only as set / not set.
 */
export async function listAppConfig(): Promise<AppConfigEntry[]> {
  const raw = await rawAppConfig();
  return APP_CONFIG_KEY_NAMES.map((k) => entryFor(k, raw));
}

/**
 * GET /api/application-configuration (public): the public keys, plus Pocket ID's synthetic
 * `uiConfigDisabled` and `tracingEnabled` (no tracing in this version: always false).
 */
export async function listPublicAppConfig(): Promise<{ key: string; type: string; value: string }[]> {
  const raw = await rawAppConfig();
  const out = APP_CONFIG_KEY_NAMES.filter((k) => (APP_CONFIG_KEYS[k] as { public?: boolean }).public).map((k) => {
    const { key, type, value } = entryFor(k, raw);
    return { key, type, value };
  });
  out.push({ key: "uiConfigDisabled", type: "boolean", value: String(isUiConfigDisabled()) });
  out.push({ key: "tracingEnabled", type: "boolean", value: "false" });
  return out;
}
