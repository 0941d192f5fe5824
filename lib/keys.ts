import { db } from "./db/client";
import { env } from "./config/env";
import { resolveEncryptionKey } from "./crypto/encryption-key";
import { fileKeyStorage, KEY_NAME, loadOrCreateSigningKey, type KeyStorage } from "./crypto/signing-keys";
import type { SigningKey } from "./oidc/types";

function databaseKeyStorage(): KeyStorage {
  return {
    async read() {
      return (await db().kv.findUnique({ where: { key: KEY_NAME } }))?.value ?? null;
    },
    async createIfAbsent(value) {
      try {
        await db().kv.create({ data: { key: KEY_NAME, value } });
        return true;
      } catch {
        return false;
      }
    },
  };
}

const g = globalThis as unknown as { __pocketIdKey?: Promise<SigningKey> };

/** The instance signing key (loaded at boot; an immutable value, so caching it per process is safe). */
export function signingKey(): Promise<SigningKey> {
  g.__pocketIdKey ??= (async () => {
    const config = env();
    const storage = config.keysStorage === "database" ? databaseKeyStorage() : fileKeyStorage(config.keysPath);
    return loadOrCreateSigningKey(storage, resolveEncryptionKey(config));
  })().catch((e) => {
    g.__pocketIdKey = undefined;
    throw e;
  });
  return g.__pocketIdKey;
}

/** All keys JWKS publishes and verification accepts (one today; rotation adds more). */
export async function verificationKeys(): Promise<SigningKey[]> {
  return [await signingKey()];
}

export function resetKeysForTests(): void {
  g.__pocketIdKey = undefined;
}
