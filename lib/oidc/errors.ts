/**
 * OAuth 2.0 / OIDC protocol errors, named after their spec codes (RFC 6749 §4.1.2.1, §5.2;
 * RFC 6750 §3.1; OIDC Core §3.1.2.6). Anything else thrown in protocol code becomes
 * `server_error` with a fixed description; the cause is logged, never sent.
 */
export class OAuthError extends Error {
  public readonly description: string;
  constructor(
    public readonly error: string,
    description: string,
    public readonly status: number = 400,
  ) {
    super(`${error}: ${description}`);
    this.name = "OAuthError";
    this.description = describable(description);
  }
}

/**
 * RFC 6749 §5.2 and §4.1.2.1: error_description holds only %x20-21 / %x23-5B / %x5D-7E, printable
 * ASCII without `"` and `\`. A description that quotes the request's own value (an unknown
 * grant_type, response_mode or prompt) would otherwise carry whatever the request sent: a strict
 * client refuses the answer, and an app that shows the description shows the sender's text.
 */
export function describable(text: string): string {
  return text.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, "?");
}

/** A request's own value inside a description: quoted and cut short, so the description stays one short sentence. */
export function quoted(value: string, max = 40): string {
  return `'${value.length > max ? `${value.slice(0, max)}...` : value}'`;
}

export class InvalidRequestError extends OAuthError {
  constructor(description: string) {
    super("invalid_request", description, 400);
  }
}
/** RFC 6749 §5.2: 401 when the client tried to authenticate. */
export class InvalidClientError extends OAuthError {
  constructor(description = "Client authentication failed.", public readonly usedBasic = false) {
    super("invalid_client", description, 401);
  }
}
export class InvalidGrantError extends OAuthError {
  constructor(description: string) {
    super("invalid_grant", description, 400);
  }
}
export class UnauthorizedClientError extends OAuthError {
  constructor(description: string) {
    super("unauthorized_client", description, 400);
  }
}
export class UnsupportedGrantTypeError extends OAuthError {
  constructor(description: string) {
    super("unsupported_grant_type", description, 400);
  }
}
export class UnsupportedResponseTypeError extends OAuthError {
  constructor(description: string) {
    super("unsupported_response_type", description, 400);
  }
}
export class InvalidScopeError extends OAuthError {
  constructor(description: string) {
    super("invalid_scope", description, 400);
  }
}
export class AccessDeniedError extends OAuthError {
  constructor(description: string) {
    super("access_denied", description, 403);
  }
}
export class LoginRequiredError extends OAuthError {
  constructor(description = "The end-user is not signed in.") {
    super("login_required", description, 400);
  }
}
export class ConsentRequiredError extends OAuthError {
  constructor(description = "The end-user has not consented to this client.") {
    super("consent_required", description, 400);
  }
}
/** fosite's code for a missing or too short `state` (Pocket ID compatibility, inventory §2.2). */
export class InvalidStateError extends OAuthError {
  constructor(description: string) {
    super("invalid_state", description, 400);
  }
}
/** RFC 6750 §3.1: bearer token missing, expired, revoked or malformed. */
export class InvalidTokenError extends OAuthError {
  constructor(description: string) {
    super("invalid_token", description, 401);
  }
}
export class InsufficientScopeError extends OAuthError {
  constructor(description: string) {
    super("insufficient_scope", description, 403);
  }
}
/**
 * The database could not take a row lock in time (another transaction holds it: an admin's change,
 * a stuck client): nothing was changed, and the same request may succeed in a moment. Answered
 * 503 with Retry-After; the code is RFC 6749 §4.1.2.1's `temporarily_unavailable`.
 */
export class TemporarilyUnavailableError extends OAuthError {
  constructor() {
    super("temporarily_unavailable", "The server is busy with a conflicting change. Nothing was changed; try again in a moment.", 503);
  }
}
export class ServerError extends OAuthError {
  constructor() {
    super("server_error", "The server encountered an unexpected error.", 500);
  }
}

/** Maps anything thrown to an OAuthError; unknown errors become server_error. */
export function toOAuthError(e: unknown): { error: OAuthError; unexpected: boolean } {
  if (e instanceof OAuthError) return { error: e, unexpected: false };
  return { error: new ServerError(), unexpected: true };
}

/**
 * An authorization request that cannot be answered by redirecting, because the client or the
 * redirect URI is not verified (RFC 6749 §4.1.2.1, §10.15): shown on our own error page.
 */
export class UnsafeRedirectError extends Error {
  constructor(
    public readonly error: string,
    public readonly description: string,
  ) {
    super(`${error}: ${description}`);
    this.name = "UnsafeRedirectError";
  }
}
