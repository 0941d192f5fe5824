import { env } from "../../config/env";
import { randomString } from "../../crypto/random";
import { sha256Hex } from "../../crypto/hash";

/**
 * "Sign in with another device" (inventory §1.5 /device-login, §5.4). The user code is Pocket
 * ID's: "P" + 7 characters from an alphabet without I, L and O (33 symbols, ~35 bits), read off a
 * screen or carried in the QR link; valid 5 minutes, looked up rate limited per address and per
 * code. The leading P tells it apart from an OAuth device-flow user code on /device.
 */
export const DEVICE_LOGIN_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ0123456789";
export const DEVICE_LOGIN_PREFIX = "P";
export const DEVICE_LOGIN_TTL_MS = 5 * 60_000;
/** Pocket ID's poll interval (seconds), returned to the waiting device. */
export const DEVICE_LOGIN_INTERVAL = 3;

export function generateDeviceLoginCode(): string {
  return DEVICE_LOGIN_PREFIX + randomString(7, DEVICE_LOGIN_ALPHABET);
}

/**
 * What a person typed, as generated: upper case, spaces and dashes dropped ("PABC - DEFG"), and
 * the letters the alphabet leaves out read as the digits they look like (O→0, I and L→1). Null
 * when it cannot be a code, so no lookup or rate-limit bucket is spent on it.
 */
export function normaliseDeviceLoginCode(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const code = input.replace(/[\s-]/g, "").toUpperCase().replace(/O/g, "0").replace(/[IL]/g, "1");
  if (code.length !== 8 || !code.startsWith(DEVICE_LOGIN_PREFIX)) return null;
  for (const ch of code) if (!DEVICE_LOGIN_ALPHABET.includes(ch)) return null;
  return code;
}

/** "PABC - DEFG": how the waiting device shows it (inventory §5.4). */
export function formatDeviceLoginCode(code: string): string {
  return `${code.slice(0, 4)} - ${code.slice(4)}`;
}

export function deviceLoginCodeHash(normalised: string): string {
  return sha256Hex(`device-login:${normalised}`);
}

/** The polling cookie (inventory §1.1 `__Secure-device_login_token`), scoped to the request's exchange path. */
export function deviceLoginCookieName(): string {
  return env().secureCookies ? "__Secure-device_login_token" : "device_login_token";
}

export function deviceLoginExchangePath(id: string): string {
  return `/api/device-login/requests/${id}/exchange`;
}

/**
 * Where the approving device goes; the QR code carries the code in the query (inventory §1.5).
 * Pocket ID serves both kinds of code on /device; here QR sign-in has its own page, /device/login,
 * so that it never depends on how the OAuth device flow's page (/device, RFC 8628) reads codes.
 */
export function deviceLoginVerificationUri(code?: string): string {
  const base = `${env().appUrl}/device/login`;
  return code ? `${base}?user_code=${encodeURIComponent(code)}` : base;
}
