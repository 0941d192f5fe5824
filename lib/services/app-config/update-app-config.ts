import { isUiConfigDisabled, primeAppConfig } from "../../config/app-config";
import {
  APP_CONFIG_KEYS,
  APP_CONFIG_KEY_NAMES,
  crossKeyProblems,
  parseAppConfig,
  type AppConfigKey,
  type RawAppConfig,
} from "../../config/app-config-keys";
import { loadStoredAppConfig, storeAppConfig } from "../../db/app-config-store";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { transaction, type Actor } from "../transaction";
import { REDACTED, type AppConfigUpdateInput } from "./app-config-dto";
import { listAppConfig } from "./list-app-config";

/** A value as sent (string, JSON number/boolean/list) to the string Pocket ID stores. */
function toStored(value: AppConfigUpdateInput[AppConfigKey]): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The canonical string of a checked value ("1" → "true", `[ "a" ]` → `["a"]`). */
function canonical(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null) return "";
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/**
 * PUT /api/application-configuration and the settings page (inventory §4.1): replaces the whole
 * configuration. Every key is checked (one sentence per field, 400 validation_failed), the rows
 * and the APP_CONFIG_UPDATED audit event commit together, then this replica caches the new
 * values at once; the others see the change within APP_CONFIG_TTL_MS.
 */
export async function updateAppConfig(actor: Actor, input: AppConfigUpdateInput) {
  if (isUiConfigDisabled()) throw new AppError("ui_config_disabled");
  const { keys: changed, stored: saved } = await transaction(async (tx) => {
    const before = await loadStoredAppConfig(tx);
    const next: RawAppConfig = {};
    for (const key of APP_CONFIG_KEY_NAMES) {
      const sent = toStored(input[key]);
      const sensitive = (APP_CONFIG_KEYS[key] as { sensitive?: boolean }).sensitive;
      // Secrets are not trimmed (a password may end in a space); REDACTED keeps the stored one.
      next[key] = sensitive ? (sent === REDACTED ? (before[key] ?? "") : sent) : sent.trim();
    }
    const { config, errors } = parseAppConfig(next);
    const problems = { ...crossKeyProblems(config), ...errors };
    if (Object.keys(problems).length) throw new AppError("validation_failed", "Some settings need a correction: see the message next to each.", problems);
    const stored = {} as Record<AppConfigKey, string>;
    for (const key of APP_CONFIG_KEY_NAMES) stored[key] = next[key] === "" ? "" : canonical(config[key]);
    const keys = APP_CONFIG_KEY_NAMES.filter((k) => (before[k] ?? "") !== stored[k]);
    await storeAppConfig(tx, stored);
    await writeAudit(tx, "APP_CONFIG_UPDATED", actor.meta, actor.userId, { keys: keys.join(",") });
    return { keys, stored };
  });
  primeAppConfig(saved);
  return { changed, entries: await listAppConfig() };
}
