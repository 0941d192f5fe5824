import { createHash } from "node:crypto";
import { safeEqual } from "../crypto/hash";

/** RFC 7636 §4.1/§4.2: 43-128 characters of the unreserved set. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isValidPkceValue(v: string): boolean {
  return PKCE_VALUE.test(v);
}

/** RFC 7636 §4.6: checks the verifier against the stored challenge. */
export function verifyPkce(verifier: string, challenge: string, method: string): boolean {
  if (!isValidPkceValue(verifier)) return false;
  const computed = method === "S256" ? createHash("sha256").update(verifier, "ascii").digest("base64url") : verifier;
  return safeEqual(computed, challenge);
}
