import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from "jose";
import { deriveKey, open, seal } from "./encryption";
import type { PublicSigningJwk, SigningAlg, SigningKey } from "../oidc/types";

/**
 * The algorithms a signing key may have: Pocket ID's `key-rotate --alg` list (seeds
 * advanced/custom-keys) with its key sizes. RS256 first: it is the default (OIDC Core §15.1
 * requires OPs to support it, and the conformance suite's signature module expects it).
 */
export const SIGNING_ALGS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "EdDSA"] as const;

export function isSigningAlg(value: unknown): value is SigningAlg {
  return typeof value === "string" && (SIGNING_ALGS as readonly string[]).includes(value);
}

const GENERATE_OPTIONS: Record<SigningAlg, { modulusLength?: number; crv?: string }> = {
  RS256: { modulusLength: 2048 },
  RS384: { modulusLength: 3072 },
  RS512: { modulusLength: 4096 },
  ES256: {},
  ES384: {},
  ES512: {},
  EdDSA: { crv: "Ed25519" },
};

/** A new private JWK for `alg`, with `kid` = its RFC 7638 thumbprint, `alg` and `use: sig`. */
export async function generateSigningJwk(alg: SigningAlg): Promise<JWK> {
  const { privateKey } = await generateKeyPair(alg, { ...GENERATE_OPTIONS[alg], extractable: true });
  const jwk = await exportJWK(privateKey);
  jwk.kid = await calculateJwkThumbprint(jwk);
  jwk.alg = alg;
  jwk.use = "sig";
  return jwk;
}

/** The members a JWKS may carry for a key: the public parameters only, never `d`, `p`, `q`, ... */
export function publicJwkOf(jwk: JWK, kid: string, alg: SigningAlg): PublicSigningJwk {
  const out: PublicSigningJwk = { kty: jwk.kty!, kid, alg, use: "sig" };
  for (const name of ["n", "e", "crv", "x", "y"] as const) {
    if (jwk[name] !== undefined) out[name] = jwk[name];
  }
  return out;
}

/** Imports a private JWK; throws when it is not a signing key of a supported algorithm. */
export async function toSigningKey(jwk: JWK): Promise<SigningKey> {
  const alg = jwk.alg ?? algFromKeyType(jwk);
  if (!isSigningAlg(alg)) throw new Error(`unsupported signing key algorithm ${String(jwk.alg ?? jwk.kty)}`);
  if (!jwk.d) throw new Error("the signing key is not a private key");
  const kid = jwk.kid || (await calculateJwkThumbprint(jwk));
  const privateKey = (await importJWK({ ...jwk, alg }, alg)) as CryptoKey;
  return { kid, alg, privateKey, publicJwk: publicJwkOf(jwk, kid, alg) };
}

/** Keys written without `alg` (step CLI, older Pocket ID files): the default of their type. */
function algFromKeyType(jwk: JWK): string | undefined {
  if (jwk.kty === "RSA") return "RS256";
  if (jwk.kty === "OKP" && jwk.crv === "Ed25519") return "EdDSA";
  if (jwk.kty === "EC") return { "P-256": "ES256", "P-384": "ES384", "P-521": "ES512" }[jwk.crv ?? ""];
  return undefined;
}

const KEK_PURPOSE = "jwk-kek";

/** Seals a private JWK for its row; the kid is the associated data, so rows cannot be swapped. */
export function sealPrivateJwk(encryptionKey: string, jwk: JWK, kid: string): string {
  return seal(deriveKey(encryptionKey, KEK_PURPOSE), JSON.stringify(jwk), `signing-key:${kid}`);
}

export function openPrivateJwk(encryptionKey: string, sealed: string, kid: string): JWK {
  try {
    return JSON.parse(open(deriveKey(encryptionKey, KEK_PURPOSE), sealed, `signing-key:${kid}`)) as JWK;
  } catch {
    throw new Error(`signing key ${kid} cannot be decrypted: ENCRYPTION_KEY differs from the one it was created with`);
  }
}

// --- The single key of earlier releases (imported once into the ring) -------------------------

/** Where the single key of earlier releases lives: a file under KEYS_PATH, or the kv table. */
export const KEY_NAME = "jwt_private_key.json";

/** The key file under KEYS_PATH, or null when there is none. */
export function readKeyFile(keysPath: string): string | null {
  const file = join(/*turbopackIgnore: true*/ keysPath, KEY_NAME);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/**
 * Reads the key of an earlier release: this project's sealed format ("v1." + AES-GCM under the
 * `jwk-kek` key, AAD = the file name), or a plain JWK as Pocket ID writes `jwt_private_key.json`
 * without encryption (and as the step CLI produces for its custom-keys guide).
 */
export function parseLegacyKey(content: string, encryptionKey: string): JWK {
  const text = content.trim();
  if (text.startsWith("{")) {
    const parsed = JSON.parse(text) as JWK & { keys?: JWK[] };
    return parsed.keys?.[0] ?? parsed;
  }
  try {
    return JSON.parse(open(deriveKey(encryptionKey, KEK_PURPOSE), text, KEY_NAME)) as JWK;
  } catch {
    throw new Error("the signing key cannot be decrypted: ENCRYPTION_KEY differs from the one it was created with");
  }
}

/** Tests: writes a key in the sealed single-key format of earlier releases. */
export function sealLegacyKey(encryptionKey: string, jwk: JWK): string {
  return seal(deriveKey(encryptionKey, KEK_PURPOSE), JSON.stringify(jwk), KEY_NAME);
}
