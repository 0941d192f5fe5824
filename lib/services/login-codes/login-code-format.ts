import { randomString } from "../../crypto/random";
import { sha256Hex } from "../../crypto/hash";

/**
 * Login codes are read off a screen and typed, often on another device: the alphabet leaves out
 * what looks alike (0/O, 1/I/L, U/V) and is read case-insensitively, so nothing a person types
 * differently is lost. 29 symbols, ~4.86 bits each: 12 characters ≈ 58 bits for codes valid for
 * hours or days, 6 characters ≈ 29 bits only for codes valid ≤ 15 minutes (inventory §5.4: "6
 * chars if TTL ≤ 15 min, else 12"); every exchange is rate limited per address and per code.
 */
export const LOGIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTWXYZ23456789";

/** Codes valid at most this long are short (6 characters); longer-lived ones have 12. */
export const SHORT_CODE_MAX_TTL_SECONDS = 15 * 60;

export function loginCodeLength(ttlSeconds: number): number {
  return ttlSeconds <= SHORT_CODE_MAX_TTL_SECONDS ? 6 : 12;
}

export function generateLoginCode(ttlSeconds: number): string {
  return randomString(loginCodeLength(ttlSeconds), LOGIN_CODE_ALPHABET);
}

/**
 * What a person typed, as the code was generated: upper case, without the spaces and dashes a
 * code may be grouped with. Returns null when it cannot be a code (wrong length or a character outside the alphabet), so
 * no lookup or rate-limit bucket is spent on it.
 */
export function normaliseLoginCode(input: string): string | null {
  if (typeof input !== "string" || input.length > 64) return null;
  const code = input.replace(/[\s-]/g, "").toUpperCase();
  if (code.length !== 6 && code.length !== 12) return null;
  for (const ch of code) if (!LOGIN_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** How a code is stored and looked up (DESIGN rule 5: secrets hashed). */
export function loginCodeHash(normalised: string): string {
  return sha256Hex(`login-code:${normalised}`);
}
