/**
 * What a person reads when a passkey ceremony fails. Measured in Chromium with a CDP virtual
 * authenticator (issue 5, item 16): "this device has no passkey for this site", "the PIN or
 * biometric check failed" (isUserVerified: false), "the prompt timed out" and "the user closed
 * it" all reject with the same NotAllowedError and the same message: WebAuthn hides which on
 * purpose (WebAuthn L2 §14.5.2, privacy against credential probing). So one sentence names all
 * of them honestly; the cases the browser or our server does tell apart get their own.
 */
export type Ceremony = "sign-in" | "registration";

/** An error answered by our REST API ({ error, code, details }): its message is already a sentence. */
export class ApiError extends Error {
  constructor(
    message: string,
    public code: string,
    public details?: Record<string, string>,
    /** Seconds to wait, from Retry-After of a 429 answer. */
    public retryAfter?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const PASSKEY_MESSAGES = {
  signInNotAllowed:
    "No passkey was used. This device may have no passkey for this site, the PIN, fingerprint or face check may not have succeeded, or the prompt was closed or timed out. Try again, or use the phone or security key that holds your passkey.",
  registrationNotAllowed:
    "No passkey was created: the prompt was closed or timed out, or the PIN, fingerprint or face check did not succeed. Try again, or use another device or security key.",
  alreadyRegistered:
    "This device already holds a passkey for your account. To add another passkey, use a different device or security key.",
  aborted: "The passkey request was interrupted by another one. Try again.",
  wrongAddress:
    "Passkeys do not work at this address because it differs from the address this server is configured with (APP_URL). Open the site at its configured address, or ask your administrator to correct APP_URL.",
  notSupported:
    "This browser or device cannot handle the kind of passkey this site needs. Try an up-to-date browser, another device or a security key.",
  cannotStoreDiscoverable:
    "This security key cannot store a passkey that signs you in without a username. Use another device or security key.",
  insecureContext: "Passkeys need a secure connection. Open this site over https://.",
  noWebAuthn: "This browser does not support passkeys. Use an up-to-date browser, or another device.",
  failed: "The passkey request did not complete. Try again, or use another device or security key.",
} as const;

/** Maps anything a ceremony threw to a sentence; never a browser's or a library's raw text. */
export function passkeyErrorMessage(e: unknown, ceremony: Ceremony): string {
  if (e instanceof ApiError) return e.message;
  const name = (e as { name?: unknown } | null)?.name;
  switch (name) {
    case "NotAllowedError":
      return ceremony === "sign-in" ? PASSKEY_MESSAGES.signInNotAllowed : PASSKEY_MESSAGES.registrationNotAllowed;
    case "InvalidStateError":
      // Only registration raises it: an excludeCredentials entry is on this authenticator.
      return ceremony === "registration" ? PASSKEY_MESSAGES.alreadyRegistered : PASSKEY_MESSAGES.failed;
    case "AbortError":
      return PASSKEY_MESSAGES.aborted;
    case "SecurityError":
      return PASSKEY_MESSAGES.wrongAddress;
    case "NotSupportedError":
      return PASSKEY_MESSAGES.notSupported;
    case "ConstraintError":
      return PASSKEY_MESSAGES.cannotStoreDiscoverable;
    default:
      return PASSKEY_MESSAGES.failed;
  }
}
