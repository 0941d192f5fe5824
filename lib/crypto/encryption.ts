import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/**
 * AES-256-GCM sealing with a key derived from ENCRYPTION_KEY by HKDF-SHA256 and a purpose label,
 * so one master key never encrypts two kinds of data with the same derived key.
 * Format: "v1." + base64url(iv(12) | ciphertext | tag(16)).
 */
export function deriveKey(masterKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(masterKey, "utf8"), Buffer.alloc(0), `pocketid/${purpose}`, 32));
}

export function seal(key: Buffer, plaintext: string, aad = ""): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return "v1." + Buffer.concat([iv, ct, cipher.getAuthTag()]).toString("base64url");
}

export function open(key: Buffer, sealed: string, aad = ""): string {
  if (!sealed.startsWith("v1.")) throw new Error("unknown sealed-data format");
  const raw = Buffer.from(sealed.slice(3), "base64url");
  if (raw.length < 12 + 16) throw new Error("sealed data too short");
  const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, "utf8"));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString("utf8");
}
