import { InvalidRequestError, InvalidStateError, OAuthError, UnsupportedResponseTypeError, quoted } from "../errors";
import { AUTHORIZE_LIMITS, MIN_NONCE_LENGTH, MIN_STATE_LENGTH, hasControlCharacter } from "../limits";
import { isValidPkceValue } from "../pkce";
import { parseScopeTokens } from "../scope-tokens";
import type { AuthorizeParams, OidcClient, ResponseMode } from "../types";
import type { ResponseTarget } from "./outcome";
import { checkLength, checkNoRepeats, checkPrintable, checkRequestSize } from "./request-params";

const PROMPT_VALUES = new Set(["none", "login", "consent", "select_account"]);
const RESPONSE_MODES = new Set<ResponseMode>(["query", "fragment", "form_post"]);

/** An OAuth error that goes back to the client's verified redirect URI. */
export class RedirectableError extends Error {
  constructor(
    public readonly oauth: OAuthError,
    public readonly target: ResponseTarget,
  ) {
    super(oauth.message);
  }
}

/**
 * OAuth 2.0 Multiple Response Type Encoding §2.1 / Form Post §2: how the response travels. Read
 * first, so every later error goes back the way the client asked; an unknown mode is itself
 * reported by query (the default for `code`).
 */
export function checkResponseMode(query: URLSearchParams): ResponseMode {
  const mode = query.getAll("response_mode").length === 1 ? query.get("response_mode") || "query" : "query";
  return RESPONSE_MODES.has(mode as ResponseMode) ? (mode as ResponseMode) : "query";
}

function checkResponseModeValue(query: URLSearchParams): void {
  const mode = query.get("response_mode");
  if (mode && !RESPONSE_MODES.has(mode as ResponseMode)) throw new InvalidRequestError(`Unsupported response_mode ${quoted(mode)}.`);
}

/** RFC 6749 §3.1.1: only the code flow (inventory §2.2). */
function checkResponseType(query: URLSearchParams): "code" {
  const responseType = query.get("response_type");
  if (!responseType) throw new InvalidRequestError("The response_type parameter is missing.");
  if (responseType !== "code") throw new UnsupportedResponseTypeError("Only response_type=code is supported.");
  return "code";
}

/** Where and how errors about this request go, once its redirect URI is verified. */
export function responseTarget(query: URLSearchParams, redirectUri: string): ResponseTarget {
  return { redirect_uri: redirectUri, response_mode: checkResponseMode(query), state: echoableState(query) };
}

/** The state as it may be echoed: single, bounded and printable, else not echoed at all. */
function echoableState(query: URLSearchParams): string | undefined {
  const raw = query.getAll("state").length === 1 ? query.get("state") ?? undefined : undefined;
  return raw && raw.length <= AUTHORIZE_LIMITS.state && !hasControlCharacter(raw) ? raw : undefined;
}

/** fosite's minimum entropy rule, kept by Pocket ID (inventory §2.2): state required, ≥ 8 characters. */
function checkState(query: URLSearchParams): string {
  checkLength("state", query.get("state"));
  const state = query.get("state");
  if (!state || state.length < MIN_STATE_LENGTH) {
    throw new InvalidStateError(`The state parameter is required and must be at least ${MIN_STATE_LENGTH} characters.`);
  }
  return state;
}

/**
 * Inventory §2.2: Pocket ID (fosite) refuses a nonce under 8 characters, though only when it
 * issues the ID token; refusing here lets the client see why, on its redirect URI.
 */
function checkNonce(query: URLSearchParams): string | undefined {
  const nonce = query.get("nonce") || undefined;
  checkLength("nonce", nonce);
  if (nonce && nonce.length < MIN_NONCE_LENGTH) throw new InvalidRequestError(`The nonce parameter must be at least ${MIN_NONCE_LENGTH} characters.`);
  return nonce;
}

/** RFC 7636 §4.3 (method defaults to plain) and RFC 9700 §2.1.1 / inventory §2.5 (who must use it). */
function checkPkce(query: URLSearchParams, client: OidcClient) {
  const challenge = query.get("code_challenge") || undefined;
  const method = query.get("code_challenge_method") || undefined;
  if (method && !challenge) throw new InvalidRequestError("code_challenge_method was sent without code_challenge.");
  if (challenge) {
    if (method && method !== "S256" && method !== "plain") throw new InvalidRequestError("code_challenge_method must be S256 or plain.");
    if (!isValidPkceValue(challenge)) throw new InvalidRequestError("code_challenge must be 43-128 characters of [A-Za-z0-9-._~].");
  }
  checkPkceRequired(client, challenge);
  return { code_challenge: challenge, code_challenge_method: challenge ? ((method ?? "plain") as "S256" | "plain") : undefined };
}

/** RFC 9700 §2.1.1 / inventory §2.5: public clients and clients with the PKCE flag must send a challenge. */
export function checkPkceRequired(client: OidcClient, challenge: string | undefined): void {
  if (!challenge && (client.isPublic || client.pkceEnabled)) {
    throw new InvalidRequestError("This client requires PKCE: send code_challenge and code_challenge_method.");
  }
}

/** OIDC Core §3.1.2.1: known prompt values; `none` stands alone. */
function checkPrompt(query: URLSearchParams): string[] {
  const raw = query.get("prompt") ?? "";
  checkLength("prompt", raw);
  const prompt = Array.from(new Set(raw.split(" ").filter(Boolean)));
  for (const p of prompt) if (!PROMPT_VALUES.has(p)) throw new InvalidRequestError(`Unsupported prompt value ${quoted(p)}.`);
  if (prompt.includes("none") && prompt.length > 1) throw new InvalidRequestError("prompt=none cannot be combined with other values.");
  return prompt;
}

/** OIDC Core §3.1.2.1: max_age is a non-negative integer of seconds. */
function checkMaxAge(query: URLSearchParams): number | undefined {
  const raw = query.get("max_age");
  if (raw === null || raw === "") return undefined;
  if (!new RegExp(`^\\d{1,${AUTHORIZE_LIMITS.max_age}}$`).test(raw)) {
    throw new InvalidRequestError(`max_age must be a non-negative integer of at most ${AUTHORIZE_LIMITS.max_age} digits.`);
  }
  return Number(raw);
}

export class InvalidTargetError extends OAuthError {
  constructor(description: string) {
    super("invalid_target", description, 400);
  }
}

/**
 * RFC 8707 §2: each `resource` is an absolute URI without a fragment; repeatable. Which resources
 * a client may ask for is the APIs' rule (inventory §2.16), applied by the caller's resource
 * policy once the client is known.
 */
export function checkResourceSyntax(values: string[]): string[] {
  const out: string[] = [];
  if (values.length > 10) throw new InvalidTargetError("At most 10 resource parameters are accepted.");
  for (const v of values) {
    if (v.length > AUTHORIZE_LIMITS.redirect_uri) throw new InvalidTargetError("A resource parameter is too long.");
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new InvalidTargetError("Each resource must be an absolute URI.");
    }
    if (url.hash || v.includes("#")) throw new InvalidTargetError("A resource must not contain a fragment.");
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

/**
 * Step 2, after the client and redirect URI are verified: the remaining parameters, each by one
 * named check, in order. Errors from here on are sent to the verified URI, in the requested
 * response mode, with the state when it can be echoed.
 */
export function parseAuthorizeParams(query: URLSearchParams, client: OidcClient, redirectUri: string, redirectUriSent = true): AuthorizeParams {
  const target = responseTarget(query, redirectUri);
  try {
    checkRequestSize(query);
    checkPrintable(query);
    checkNoRepeats(query);
    checkResponseModeValue(query);
    const response_type = checkResponseType(query);
    const state = checkState(query);
    const nonce = checkNonce(query);
    const pkce = checkPkce(query, client);
    const rawScope = query.get("scope") ?? undefined;
    checkLength("scope", rawScope);
    const prompt = checkPrompt(query);
    checkLength("id_token_hint", query.get("id_token_hint"));
    const max_age = checkMaxAge(query);
    const resource = checkResourceSyntax(query.getAll("resource"));
    return {
      client_id: client.id,
      redirect_uri: redirectUri,
      redirect_uri_sent: redirectUriSent,
      response_type,
      response_mode: target.response_mode,
      // Every well-formed token for now: which are granted (standard scopes, API permissions) is
      // the resource policy's decision, taken next (inventory §2.2, §2.16).
      scope: parseScopeTokens(rawScope),
      state,
      nonce,
      ...pkce,
      prompt,
      max_age,
      ...(resource.length ? { resource } : {}),
    };
  } catch (e) {
    if (e instanceof OAuthError) throw new RedirectableError(e, target);
    throw e;
  }
}
