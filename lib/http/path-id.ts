/**
 * Inventory §1.5: path parameters named `id`/`clientId` may be sent as `~<base64url(raw)>`, so a
 * URL-shaped (CIMD) client id fits one path segment. Decoding is strict: only canonical base64url
 * of valid UTF-8 is decoded; anything else stays as sent (and so finds nothing).
 */
export const ENCODED_PATH_PARAMS = ["id", "clientId"] as const;

export function decodePathId(value: string): string {
  if (!value.startsWith("~")) return value;
  const encoded = value.slice(1);
  if (!encoded || !/^[A-Za-z0-9_-]+$/.test(encoded)) return value;
  const bytes = Buffer.from(encoded, "base64url");
  if (bytes.toString("base64url") !== encoded) return value;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return value;
  }
}

// The encoder is browser-safe and lives beside `cn`, so pages and components build logo URLs with it too.
export { encodePathId } from "../utils";

/** Route params with §1.5's encoded ids decoded. */
export function decodePathParams(params: Record<string, string | string[]>): Record<string, string | string[]> {
  const out = { ...params };
  for (const key of ENCODED_PATH_PARAMS) {
    const v = out[key];
    if (typeof v === "string") out[key] = decodePathId(v);
  }
  return out;
}
