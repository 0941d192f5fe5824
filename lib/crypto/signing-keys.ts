import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { deriveKey, open, seal } from "./encryption";
import type { SigningKey } from "../oidc/types";

/** Where the sealed private JWK lives: a file under KEYS_PATH, or the kv table. */
export interface KeyStorage {
  read(): Promise<string | null>;
  /** Stores the value only if none exists yet; returns false when another process won the race. */
  createIfAbsent(value: string): Promise<boolean>;
}

export const KEY_NAME = "jwt_private_key.json";

export function fileKeyStorage(keysPath: string): KeyStorage {
  const file = join(/*turbopackIgnore: true*/ keysPath, KEY_NAME);
  return {
    async read() {
      return existsSync(file) ? readFileSync(file, "utf8") : null;
    },
    async createIfAbsent(value) {
      mkdirSync(keysPath, { recursive: true, mode: 0o700 });
      try {
        writeFileSync(file, value, { mode: 0o600, flag: "wx" });
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
        throw e;
      }
    },
  };
}

/**
 * Loads the instance signing key, creating an RS256 (RSA-2048) key on first start. The private
 * JWK is sealed with AES-256-GCM under a key derived from ENCRYPTION_KEY; `kid` is the RFC 7638
 * thumbprint. When several processes start at once, exactly one key wins and all use it.
 */
export async function loadOrCreateSigningKey(storage: KeyStorage, encryptionKey: string): Promise<SigningKey> {
  const kek = deriveKey(encryptionKey, "jwk-kek");
  let sealed = await storage.read();
  if (!sealed) {
    const { privateKey } = await generateKeyPair("RS256", { modulusLength: 2048, extractable: true });
    const jwk = await exportJWK(privateKey);
    jwk.kid = await calculateJwkThumbprint(jwk);
    jwk.alg = "RS256";
    jwk.use = "sig";
    await storage.createIfAbsent(seal(kek, JSON.stringify(jwk), KEY_NAME));
    sealed = await storage.read();
    if (!sealed) throw new Error("signing key could not be stored");
  }
  let jwk: JWK;
  try {
    jwk = JSON.parse(open(kek, sealed.trim(), KEY_NAME)) as JWK;
  } catch {
    throw new Error(
      "the signing key cannot be decrypted: ENCRYPTION_KEY differs from the one it was created with",
    );
  }
  return toSigningKey(jwk);
}

async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  const privateKey = (await importJWK(jwk, "RS256")) as CryptoKey;
  const { kty, n, e, kid } = jwk;
  return {
    kid: kid!,
    alg: "RS256",
    privateKey,
    publicJwk: { kty, n, e, kid: kid!, alg: "RS256", use: "sig" },
  };
}
