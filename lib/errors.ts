import type { ZodError } from "zod";

/**
 * Application errors for the REST API and the UI (Pocket ID's stable codes, inventory Appendix A),
 * with every user-facing message in this one file.
 */
export const APP_ERRORS = {
  internal_error: [500, "Something went wrong."],
  validation_failed: [400, "The request is invalid."],
  invalid_request_body: [400, "The request body is invalid."],
  not_found: [404, "Not found."],
  method_not_allowed: [405, "This endpoint does not accept this HTTP method: see the Allow header."],
  /** Sent by server.mjs, before Next.js, for a path that does not percent-decode (/api/x/%ff). */
  invalid_request_path: [400, "The request path is not valid: it has a broken percent-escape."],
  already_in_use: [409, "This value is already in use."],
  forbidden: [403, "You don't have permission to do this."],
  not_signed_in: [401, "You are not signed in."],
  user_disabled: [403, "This account is disabled. Ask your administrator to enable it."],
  rate_limited: [429, "Too many requests. Wait a moment, then try again."],
  invalid_origin: [403, "The request did not come from this site."],
  invalid_webauthn_response: [400, "The answer from your passkey could not be read. Try again, or use another passkey."],
  webauthn_authentication_failed: [401, "This passkey is not recognised here: it may have been removed from your account. Sign in with another passkey, or ask your administrator for help."],
  passkey_user_verification_required: [400, "Your passkey did not confirm it is you with a PIN, fingerprint or face. Try again and complete that check, or use another passkey."],
  invalid_webauthn_session: [400, "The passkey request expired or was already used. Try again."],
  passkey_already_registered: [409, "This passkey is already registered on this site. Sign in with it, or add a different passkey."],
  synced_passkey_not_allowed: [400, "This site does not accept passkeys that sync between devices. Use a security key or a passkey kept on this device only."],
  file_too_large: [413, "The file is too large."],
  invalid_image: [400, "The file is not an image that can be read."],
  file_type_not_supported: [415, "This file type is not supported."],
  image_not_found: [404, "There is no such image: none has been uploaded."],
  logo_download_failed: [400, "The logo could not be downloaded from this URL. Check that it is a public http(s) address of an image, or upload the file instead."],
  logo_type_not_supported: [415, "The file at this URL is not an image type accepted for logos. Use a PNG, JPEG, SVG, WebP, GIF, AVIF or ICO image."],
  logo_too_large: [413, "The logo at this URL is larger than 2 MB. Use a smaller image."],
  setup_not_available: [404, "Setup is not available: the first admin already exists."],
  setup_already_completed: [409, "Setup has already been completed."],
  client_id_already_exists: [409, "A client with this ID already exists."],
  token_invalid_or_expired: [400, "This login code is invalid, expired or already used. Ask your administrator for a new one."],
  device_login_expired: [410, "This sign-in request has expired or was already used. Start again on the device you want to sign in on."],
  device_login_denied: [403, "The sign-in request was denied on the other device."],
  reauthentication_required: [401, "Confirm it's you with your passkey first, then try again."],
  interaction_not_found: [404, "This sign-in request has expired. Go back to the app and try again."],
  user_not_found: [404, "This user does not exist (any more)."],
  api_key_not_found: [404, "This API key does not exist (any more)."],
  invalid_api_key: [401, "The API key is not valid: it is unknown, expired or revoked. Create a new one under Settings > API keys."],
  no_api_key_provided: [401, "Send an API key in the X-API-Key header, or sign in."],
  api_key_not_expired: [400, "Only an expired API key can be renewed. Revoke it and create a new one instead."],
  invalid_api_key_expiration: [400, "Choose an expiry date in the future."],
  api_key_auth_not_allowed: [403, "This action cannot be done with an API key: sign in to the web app to do it."],
  reserved_claim: [400, "This claim key is reserved for a standard claim. Choose another key."],
  duplicate_claim: [400, "Each claim key may appear only once. Remove the duplicate key."],
  ldap_user_update: [403, "This user is managed by LDAP: change them in the directory instead."],
  ldap_user_group_update: [403, "This group is managed by LDAP: change it in the directory instead."],
  /** Pocket ID: the step sent is not the interaction's current step (another tab moved it on). */
  interaction_step_mismatch: [409, "This sign-in request has moved on in another tab or window. Reload the page to continue."],
  oidc_invalid_device_code: [400, "This code is not valid. Check the code shown on your device and try again."],
  oidc_device_code_expired: [400, "This code has expired. Start the sign-in on your device again to get a new code."],
  oidc_device_code_used: [409, "This code has already been used. Start the sign-in on your device again to get a new code."],
  access_denied: [403, "You're not allowed to access this service."],
  not_cimd_client: [400, "Only a client that comes from a Client ID Metadata Document can be refreshed."],
  cimd_fetch_failed: [502, "The client's metadata document could not be fetched. Check that its URL answers with a valid document, then try again."],
  /** Inventory §4.1: with UI_CONFIG_DISABLED=true the settings come from env vars and cannot be changed here. */
  ui_config_disabled: [403, "The application configuration is managed by environment variables (UI_CONFIG_DISABLED=true): change the variables and restart the server instead."],
  /** No mailer exists in this version yet: the SMTP settings are stored, nothing is sent (beyond Pocket ID's codes). */
  email_not_available: [501, "This server cannot send email yet: sending email is not part of this version. The SMTP settings are saved and will be used once it is."],
  /**
   * PostgreSQL: another change held the row this one must lock for longer than lock_timeout
   * (lib/db/client.ts). Nothing was changed; sent again, it goes through once the other one is done.
   */
  busy: [503, "Someone else is changing the same item right now. Nothing was saved: try again in a moment."],
  invalid_scope: [400, "Use only the scopes openid, profile, email, groups and offline_access, separated by spaces."],
} as const satisfies Record<string, readonly [number, string]>;

export type AppErrorCode = keyof typeof APP_ERRORS;

/**
 * webauthn_authentication_failed for a passkey the server knows whose answer did not verify
 * (signature, origin, challenge): the code's default sentence is for an unknown passkey.
 */
export const PASSKEY_ANSWER_NOT_VERIFIED =
  "Your passkey's answer could not be verified for this site. Try again; if it keeps failing, sign in with another passkey or ask your administrator for help.";

export class AppError extends Error {
  readonly status: number;
  constructor(
    public readonly code: AppErrorCode,
    message?: string,
    public readonly details?: Record<string, unknown>,
  ) {
    super(message ?? APP_ERRORS[code][1]);
    this.name = "AppError";
    this.status = APP_ERRORS[code][0];
  }
}

/** Field errors in the shape the UI shows next to inputs: { "callbackURLs.0": "..." }. */
export function fieldErrors(error: ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}
