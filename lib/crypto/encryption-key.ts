import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Env } from "../config/env";

/**
 * The master key for data encrypted at rest. ENCRYPTION_KEY(_FILE) wins; on the embedded
 * SQLite default a first run without one generates a random key into data/encryption.key
 * (mode 0600) and says so, so `npm start` works out of the box and restarts keep the key.
 * (env.ts refuses PostgreSQL without an explicit key: replicas must share it.)
 */
export function resolveEncryptionKey(config: Env, log: (msg: string) => void = console.log): string {
  if (config.encryptionKey) return config.encryptionKey;
  const file = join(/*turbopackIgnore: true*/ config.dataPath, "encryption.key");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(config.dataPath, { recursive: true });
  const key = randomBytes(32).toString("base64");
  try {
    writeFileSync(file, key + "\n", { mode: 0o600, flag: "wx" });
    log(`[keys] ENCRYPTION_KEY is not set: generated one into ${file}. Back it up with the database, or set ENCRYPTION_KEY.`);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw e;
  }
}
