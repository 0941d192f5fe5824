// Primitives: sealing with ENCRYPTION_KEY, signing-key storage, client IP behind proxies.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deriveKey, open, seal } from "@/lib/crypto/encryption";
import { fileKeyStorage, loadOrCreateSigningKey, KEY_NAME } from "@/lib/crypto/signing-keys";
import { clientIp, isTrusted } from "@/lib/http/request-meta";

describe("sealing", () => {
  it("round-trips and fails closed with another key or purpose", () => {
    const k = deriveKey("master-key-0123456789", "jwk-kek");
    const sealed = seal(k, "secret", "aad");
    expect(open(k, sealed, "aad")).toBe("secret");
    expect(() => open(deriveKey("other-master-key-0123", "jwk-kek"), sealed, "aad")).toThrow();
    expect(() => open(deriveKey("master-key-0123456789", "other"), sealed, "aad")).toThrow();
    expect(() => open(k, sealed, "other-aad")).toThrow();
  });
});

describe("signing keys in files", () => {
  it("creates an RS256 key once, stores it encrypted, reloads the same kid", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keys-"));
    const a = await loadOrCreateSigningKey(fileKeyStorage(dir), "master-key-0123456789");
    const b = await loadOrCreateSigningKey(fileKeyStorage(dir), "master-key-0123456789");
    expect(a.kid).toBe(b.kid);
    expect(a.publicJwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", kid: a.kid });
    expect(a.publicJwk).not.toHaveProperty("d");
    const onDisk = readFileSync(join(dir, KEY_NAME), "utf8");
    expect(onDisk).not.toContain('"d"');
    expect(onDisk.startsWith("v1.")).toBe(true);
    await expect(loadOrCreateSigningKey(fileKeyStorage(dir), "a-different-master-key")).rejects.toThrow(/ENCRYPTION_KEY differs/);
  });
  it("creates exactly one key when processes race", async () => {
    const dir = mkdtempSync(join(tmpdir(), "keys-"));
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateSigningKey(fileKeyStorage(dir), "master-key-0123456789")));
    expect(new Set(keys.map((k) => k.kid)).size).toBe(1);
  });
});

describe("clientIp", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  it("uses the socket address and ignores a spoofed X-Forwarded-For unless proxies are trusted", () => {
    const headers = h({ "x-pocketid-client-ip": "198.51.100.1", "x-forwarded-for": "1.2.3.4" });
    expect(clientIp(headers, { mode: "none" })).toBe("198.51.100.1");
    expect(clientIp(headers, { mode: "all" })).toBe("1.2.3.4");
  });
  it("walks X-Forwarded-For from the right past trusted proxies", () => {
    const headers = h({ "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.5" });
    expect(clientIp(headers, { mode: "list", entries: ["10.0.0.0/8"] })).toBe("203.0.113.9");
    expect(clientIp(h({ "x-pocketid-client-ip": "198.51.100.1", "x-forwarded-for": "1.2.3.4" }), { mode: "list", entries: ["10.0.0.0/8"] })).toBe("198.51.100.1");
  });
  it("matches IPv4 CIDRs and IPv4-mapped addresses", () => {
    expect(isTrusted("::ffff:172.17.0.3", ["172.16.0.0/12"])).toBe(true);
    expect(isTrusted("172.32.0.1", ["172.16.0.0/12"])).toBe(false);
  });
});
