import { createHmac } from "node:crypto";
import { safeEqual } from "../crypto/hash";
import { env } from "../config/env";
import { resolveEncryptionKey } from "../crypto/encryption-key";
import { deriveKey } from "../crypto/encryption";

/**
 * Links to the sign-in error page (/interaction/error) that name an app and the redirect URI it
 * sent are signed, so that only links this server made can put an app's name next to a URI.
 * Anyone can write `/interaction/error?error=invalid_redirect_uri&client_id=<real app>&redirect_uri=
 * <any text>`; unsigned, the page would show that text under the real app's name with advice
 * for its administrator (a phishing aid). An unsigned or stale link shows the generic wording.
 * HMAC-SHA256 under a key derived from ENCRYPTION_KEY, so every replica verifies every link.
 */
const MAX_AGE_SECONDS = 3600;
const SIGNED = ["error", "client_id", "redirect_uri", "t"] as const;

const g = globalThis as unknown as { __pocketIdErrorLinkKey?: Buffer };
function key(): Buffer {
  return (g.__pocketIdErrorLinkKey ??= deriveKey(resolveEncryptionKey(env()), "error-page-link"));
}

function mac(query: URLSearchParams): string {
  const h = createHmac("sha256", key());
  // Length-prefixed, so that no two different parameter sets give the same input.
  for (const name of SIGNED) {
    const value = query.get(name) ?? "";
    h.update(`${name}:${Buffer.byteLength(value)}:${value};`);
  }
  return h.digest("base64url").slice(0, 32);
}

/** Adds `t` and `sig` to an error-page path (from lib/oidc `errorPagePath`) that names an app. */
export function signErrorPagePath(path: string, now = new Date()): string {
  const url = new URL(path, "http://x.invalid");
  if (!url.searchParams.has("client_id") && !url.searchParams.has("redirect_uri")) return path;
  url.searchParams.set("t", String(Math.floor(now.getTime() / 1000)));
  url.searchParams.set("sig", mac(url.searchParams));
  return url.pathname + url.search;
}

/**
 * The app and redirect URI an error-page link may name: those of a link this server signed in the
 * last hour, else nothing.
 */
export function verifiedErrorPageContext(query: URLSearchParams, now = new Date()): { clientId?: string; redirectUri?: string } {
  const sig = query.get("sig");
  const t = Number(query.get("t"));
  if (!sig || !Number.isInteger(t)) return {};
  const age = now.getTime() / 1000 - t;
  if (age < -60 || age > MAX_AGE_SECONDS) return {};
  for (const name of SIGNED) if (query.getAll(name).length > 1) return {};
  if (!safeEqual(sig, mac(query))) return {};
  return { clientId: query.get("client_id") ?? undefined, redirectUri: query.get("redirect_uri") ?? undefined };
}

/** Tests only: forget the derived key (a test changed ENCRYPTION_KEY). */
export function resetErrorLinkKeyForTests(): void {
  g.__pocketIdErrorLinkKey = undefined;
}
