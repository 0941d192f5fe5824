import { hkdfSync } from "node:crypto";
import { createRemoteJWKSet, type JWTVerifyGetKey } from "jose";
import { db } from "../db/client";
import { prismaOidcStore } from "../db/oidc-store";
import { env } from "../config/env";
import { resolveEncryptionKey } from "../crypto/encryption-key";
import type { AssertionContext } from "../oidc/client-auth";
import { requestMeta } from "./request-meta";
import { withCimdClients } from "./cimd-clients";

export function oidcContext(request: Request) {
  // Client ID Metadata Documents (inventory §2.17): a URL client_id on the allowlist resolves to a fetched client.
  return { store: withCimdClients(prismaOidcStore(db()), db()), issuer: env().appUrl, now: new Date(), meta: requestMeta(request.headers) };
}

const g = globalThis as unknown as { __pocketIdRefreshSecret?: { key: string; secret: Uint8Array }; __pocketIdJwks?: Map<string, JWTVerifyGetKey> };

/**
 * The secret rotated refresh tokens are derived with (lib/oidc/token/issue-user-tokens.ts):
 * HKDF-SHA256 of ENCRYPTION_KEY, like Pocket ID's fosite global secret, so every replica derives
 * the same one and nothing new needs storing.
 */
export function refreshTokenSecret(): Uint8Array {
  const key = resolveEncryptionKey(env());
  if (g.__pocketIdRefreshSecret?.key !== key) {
    g.__pocketIdRefreshSecret = { key, secret: new Uint8Array(hkdfSync("sha256", key, "", "pocket-id-next/refresh-token", 32)) };
  }
  return g.__pocketIdRefreshSecret.secret;
}

/**
 * Remote key sets for client assertions, one cached resolver per URL (inventory §2.8: keys kept
 * at least 15 minutes, refetched at most every 30 s when an unknown kid shows up; 10 s timeout).
 */
function remoteJwks(url: string): JWTVerifyGetKey {
  g.__pocketIdJwks ??= new Map();
  let jwks = g.__pocketIdJwks.get(url);
  if (!jwks) {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw new TypeError("A JWKS URL must be http(s).");
    if (g.__pocketIdJwks.size > 500) g.__pocketIdJwks.clear();
    jwks = createRemoteJWKSet(parsed, { timeoutDuration: 10_000, cooldownDuration: 30_000, cacheMaxAge: 15 * 60_000 });
    g.__pocketIdJwks.set(url, jwks);
  }
  return jwks;
}

/** What client assertions sent to `endpointPath` (e.g. "/api/oidc/token") are verified against. */
export function assertionContext(endpointPath: string): AssertionContext {
  const { appUrl, internalAppUrl } = env();
  const audiences = Array.from(new Set([appUrl, `${appUrl}${endpointPath}`, `${internalAppUrl}${endpointPath}`]));
  return { issuer: appUrl, audiences, remoteJwks };
}
