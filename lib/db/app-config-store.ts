import { deriveKey, open, seal } from "../crypto/encryption";
import { resolveEncryptionKey } from "../crypto/encryption-key";
import { env } from "../config/env";
import { APP_CONFIG_KEYS, APP_CONFIG_KEY_NAMES, type AppConfigKey, type RawAppConfig } from "../config/app-config-keys";
import type { Db, Tx } from "./client";

/**
 * The database side of the application configuration: Pocket ID's `app_config_variables(key,
 * value)` rows, so an export reads the same. Sensitive values (smtpPassword, ldapBindPassword) are
 * sealed with AES-256-GCM under a key derived from ENCRYPTION_KEY, the key name as AAD (a sealed
 * value copied to another key does not open).
 */

const g = globalThis as unknown as { __pocketIdAppConfigKey?: { master: string; key: Buffer } };

function sealingKey(): Buffer {
  const master = resolveEncryptionKey(env());
  if (g.__pocketIdAppConfigKey?.master !== master) g.__pocketIdAppConfigKey = { master, key: deriveKey(master, "app-config") };
  return g.__pocketIdAppConfigKey.key;
}

const isSensitive = (key: string) => (APP_CONFIG_KEYS as Record<string, { sensitive?: boolean }>)[key]?.sensitive === true;

/** Every stored key with its value as entered (secrets opened). Unknown keys are left out. */
export async function loadStoredAppConfig(client: Db | Tx): Promise<RawAppConfig> {
  const rows = await client.appConfigVariable.findMany();
  const out: RawAppConfig = {};
  for (const row of rows) {
    if (!Object.hasOwn(APP_CONFIG_KEYS, row.key)) continue;
    if (isSensitive(row.key) && row.value !== "") {
      try {
        out[row.key] = open(sealingKey(), row.value, `app-config:${row.key}`);
      } catch {
        // Sealed under another ENCRYPTION_KEY, or written by hand: treated as not set (and said so).
        console.warn(`[app-config] the stored ${row.key} cannot be decrypted with this ENCRYPTION_KEY; treating it as not set`);
        out[row.key] = "";
      }
    } else {
      out[row.key] = row.value;
    }
  }
  return out;
}

/**
 * Replaces the whole configuration (inventory §4.1: PUT replaces every key; empty = default).
 * One row per key, as Pocket ID keeps them; rows of keys this version does not know are kept.
 */
export async function storeAppConfig(tx: Tx, values: Record<AppConfigKey, string>): Promise<void> {
  for (const key of APP_CONFIG_KEY_NAMES) {
    const plain = values[key] ?? "";
    const value = isSensitive(key) && plain !== "" ? seal(sealingKey(), plain, `app-config:${key}`) : plain;
    await tx.appConfigVariable.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
}
