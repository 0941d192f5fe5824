import { z } from "zod";
import "../validation";
import { APP_CONFIG_KEYS, APP_CONFIG_KEY_NAMES, effectiveRaw, type AppConfigKey, type AppConfigType, type RawAppConfig } from "../../config/app-config-keys";

/** Inventory §4.1: what the API shows instead of a sensitive value that is set. */
export const REDACTED = "XXXXXXXXXX";

export const appConfigPublicEntrySchema = z.object({
  key: z.string(),
  type: z.enum(["string", "number", "boolean", "array"]),
  value: z.string(),
});
export const appConfigEntrySchema = appConfigPublicEntrySchema.extend({ isPublic: z.boolean() });

export type AppConfigEntry = z.output<typeof appConfigEntrySchema>;

/**
 * PUT body: every key of §4.1, each as Pocket ID's UI sends it (a string) or as JSON's own type
 * (true, 60, ["…"]). A missing, null or empty key returns to its default. For a sensitive key,
 * REDACTED keeps the stored value (what GET /all shows for it), so a read-modify-write round
 * trip never erases a password. Unknown keys are ignored.
 */
const anyValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.null()]).optional();
export const appConfigUpdateSchema = z.object(
  Object.fromEntries(APP_CONFIG_KEY_NAMES.map((k) => [k, anyValue])) as Record<AppConfigKey, typeof anyValue>,
);
export type AppConfigUpdateInput = z.output<typeof appConfigUpdateSchema>;

export function entryFor(key: AppConfigKey, raw: RawAppConfig): AppConfigEntry {
  const d = APP_CONFIG_KEYS[key] as { type: AppConfigType; public?: boolean; sensitive?: boolean };
  const value = effectiveRaw(key, raw);
  // Secrets never leave the server: only whether one is set (inventory §4.1 redaction, applied always).
  return { key, type: d.type, value: d.sensitive ? (value ? REDACTED : "") : value, isPublic: d.public === true };
}
