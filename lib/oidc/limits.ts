/**
 * Upper bounds for what an unauthenticated /authorize request may make us store or echo (issue 5
 * item 8): a parked request is a row written for anyone who asks, and state/nonce come back in
 * redirects and ID tokens. Documented in README.md ("Limits"); longer values are refused with
 * invalid_request. Lengths count UTF-16 code units, as the values arrive decoded.
 */
export const AUTHORIZE_LIMITS = {
  /** All parameter names and values of one request together. */
  request: 16_384,
  client_id: 256,
  redirect_uri: 2048,
  state: 2048,
  nonce: 512,
  /** The raw space-separated string, before unknown scopes are dropped. */
  scope: 1024,
  prompt: 64,
  /** Digits of max_age (up to about 317 years in seconds). */
  max_age: 10,
  /** RFC 7636 §4.2: 43-128 characters. */
  code_challenge: 128,
  id_token_hint: 8192,
} as const;

/** fosite's minimum parameter entropy, kept by Pocket ID for state and nonce (inventory §2.2). */
export const MIN_STATE_LENGTH = 8;
export const MIN_NONCE_LENGTH = 8;

/**
 * C0 controls and DEL. No OAuth parameter may contain them (RFC 6749 Appendix A: VSCHAR, NQSCHAR),
 * nor an id we look up: PostgreSQL cannot even compare a text holding NUL (the query fails).
 */
export function hasControlCharacter(value: string): boolean {
  return /[\u0000-\u001f\u007f]/.test(value);
}
