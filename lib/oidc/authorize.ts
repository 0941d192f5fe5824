import { randomBytes } from "node:crypto";
import { sha256Hex } from "../crypto/hash";
import {
  ConsentRequiredError, InvalidRequestError, InvalidStateError, LoginRequiredError, OAuthError,
  UnsafeRedirectError, UnsupportedResponseTypeError,
} from "./errors";
import { AUTHORIZE_LIMITS, MIN_NONCE_LENGTH, MIN_STATE_LENGTH, hasControlCharacter } from "./limits";
import { isValidPkceValue } from "./pkce";
import { isSecureRedirectUri, matchRedirectUri } from "./redirect-uri";
import { parseScope } from "./scopes";
import type { OidcStore, StoreMeta } from "./store";
import type { AuthorizeParams, OidcClient, OidcSession, OidcUser, SigningKey } from "./types";
import { verifyIdTokenHint } from "./tokens";

/** Authorization codes live 15 minutes (inventory §2.1), interactions one hour. */
export const CODE_TTL_SECONDS = 15 * 60;
export const INTERACTION_TTL_SECONDS = 60 * 60;
const PROMPT_VALUES = new Set(["none", "login", "consent", "select_account"]);

export type AuthorizeOutcome =
  | { type: "redirect"; url: string }
  | { type: "interaction"; interactionId: string }
  | ErrorPageOutcome;

/**
 * Shown on our own page (/interaction/error) because the client cannot be told. `clientId` and
 * `redirectUri` are the values the request sent (when it sent them and they are within limits), so
 * the page can name the application and the URI that was refused.
 */
export interface ErrorPageOutcome {
  type: "error_page";
  error: string;
  description: string;
  clientId?: string;
  redirectUri?: string;
}

/** The error page link: `error` plus, when known, the client id and the redirect URI as sent. */
export function errorPagePath(outcome: Pick<ErrorPageOutcome, "error" | "clientId" | "redirectUri">): string {
  let path = `/interaction/error?error=${encodeURIComponent(outcome.error)}`;
  if (outcome.clientId) path += `&client_id=${encodeURIComponent(outcome.clientId)}`;
  if (outcome.redirectUri) path += `&redirect_uri=${encodeURIComponent(outcome.redirectUri)}`;
  return path;
}

export interface AuthorizeContext {
  store: OidcStore;
  issuer: string;
  /** Keys to verify id_token_hint with. */
  keys: SigningKey[];
  /** ALLOW_INSECURE_CALLBACK_URLS (Pocket ID default true). */
  allowInsecureRedirects: boolean;
  now: Date;
  meta: StoreMeta;
  /**
   * Asked before a new request is parked (a row written for anyone who asks): false when this
   * client address has parked too many lately. Volume control lives with the caller's storage.
   */
  mayPark?: () => Promise<boolean>;
}

/** Builds the redirect back to the client (RFC 6749 §4.1.2; RFC 9207 `iss`; OAuth response modes). */
export function clientRedirect(
  params: Pick<AuthorizeParams, "redirect_uri" | "response_mode">,
  values: Record<string, string | undefined>,
  issuer: string,
): string {
  const url = new URL(params.redirect_uri);
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) out.set(k, v);
  out.set("iss", issuer);
  if (params.response_mode === "fragment") {
    url.hash = out.toString();
    return url.toString();
  }
  for (const [k, v] of out) url.searchParams.append(k, v);
  return url.toString();
}

function single(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw new InvalidRequestError(`The '${name}' parameter must not be repeated.`);
  return all[0] === "" ? undefined : all[0];
}

/** The client_id and redirect_uri a request sent, for the error page; only single, bounded values. */
export function sentClientAndRedirectUri(query: URLSearchParams): { clientId?: string; redirectUri?: string } {
  const one = (name: string, max: number) => {
    const all = query.getAll(name);
    return all.length === 1 && all[0] !== "" && all[0].length <= max ? all[0] : undefined;
  };
  return { clientId: one("client_id", AUTHORIZE_LIMITS.client_id), redirectUri: one("redirect_uri", AUTHORIZE_LIMITS.redirect_uri) };
}

/**
 * Step 1 (RFC 6749 §4.1.2.1, §10.15): identify the client and verify the redirect URI. Until both
 * are verified nothing may be sent to the redirect URI, so failures here are shown on our page.
 * `redirectUriSent` records whether the request named it (RFC 6749 §4.1.3 at the token endpoint).
 */
export async function checkClientAndRedirectUri(query: URLSearchParams, store: OidcStore, allowInsecure = true) {
  let clientId: string | undefined;
  let redirectUri: string | undefined;
  try {
    clientId = single(query, "client_id");
    redirectUri = single(query, "redirect_uri");
  } catch (e) {
    throw new UnsafeRedirectError("invalid_request", (e as Error).message);
  }
  if (!clientId) throw new UnsafeRedirectError("invalid_request", "The client_id parameter is missing.");
  // RFC 6749 Appendix A: client_id and URIs are printable characters; a control character (NUL
  // in particular, which PostgreSQL cannot store) is never looked up.
  if (hasControlCharacter(clientId) || (redirectUri && hasControlCharacter(redirectUri))) {
    throw new UnsafeRedirectError("invalid_request", "The client_id or redirect_uri contains a control character.");
  }
  if (clientId.length > AUTHORIZE_LIMITS.client_id) {
    throw new UnsafeRedirectError("invalid_request", `The client_id is too long (at most ${AUTHORIZE_LIMITS.client_id} characters).`);
  }
  const client = await store.findClient(clientId);
  if (!client) throw new UnsafeRedirectError("invalid_client", "The application is not registered with this server.");
  const redirectUriSent = !!redirectUri;
  if (!redirectUri) {
    // OIDC Core §3.1.2.1 requires redirect_uri; plain OAuth may omit it with a single registration.
    const wantsOpenid = (query.get("scope") ?? "").split(" ").includes("openid");
    if (wantsOpenid || client.callbackUrls.length !== 1) {
      throw new UnsafeRedirectError("invalid_request", "The redirect_uri parameter is missing.");
    }
    redirectUri = client.callbackUrls[0];
  } else if (redirectUri.length > AUTHORIZE_LIMITS.redirect_uri) {
    // Limits (README): never match or store an unbounded URI.
    throw new UnsafeRedirectError("invalid_request", `The redirect_uri is too long (at most ${AUTHORIZE_LIMITS.redirect_uri} characters).`);
  }
  checkRedirectUriRegistered(client, redirectUri, allowInsecure);
  return { client, redirectUri, redirectUriSent };
}

/**
 * RFC 6749 §3.1.2.2 / inventory §2.6: the redirect URI is registered for the client (checked again
 * when a parked request resumes, since an admin may have removed it meanwhile).
 */
function checkRedirectUriRegistered(client: OidcClient, redirectUri: string, allowInsecure: boolean): void {
  if (!matchRedirectUri(client.callbackUrls, redirectUri)) {
    throw new UnsafeRedirectError("invalid_redirect_uri", "The redirect_uri is not registered for this application.");
  }
  if (!allowInsecure && !isSecureRedirectUri(redirectUri)) {
    throw new UnsafeRedirectError("invalid_redirect_uri", "Plain-http redirect URIs are not allowed on this server.");
  }
}

/** RFC 9700 §2.1.1 / inventory §2.5: public clients and clients with the PKCE flag must send a challenge. */
function checkPkceRequired(client: OidcClient, challenge: string | undefined): void {
  if (!challenge && (client.isPublic || client.pkceEnabled)) {
    throw new InvalidRequestError("This client requires PKCE: send code_challenge and code_challenge_method.");
  }
}

/** Limits (README, issue 5 item 8): the whole request is bounded before any value is looked at. */
function checkRequestSize(query: URLSearchParams): void {
  let size = 0;
  for (const [k, v] of query) size += k.length + v.length;
  if (size > AUTHORIZE_LIMITS.request) {
    throw new InvalidRequestError(`The authorization request is too long (at most ${AUTHORIZE_LIMITS.request} characters).`);
  }
}

/** RFC 6749 Appendix A: parameter values are printable; refused before anything is stored or echoed. */
function checkPrintable(query: URLSearchParams): void {
  for (const [name, value] of query) {
    if (hasControlCharacter(name) || hasControlCharacter(value)) {
      throw new InvalidRequestError("A parameter contains a control character.");
    }
  }
}

function checkLength(name: keyof typeof AUTHORIZE_LIMITS, value: string | null | undefined): void {
  const max = AUTHORIZE_LIMITS[name];
  if (value && value.length > max) throw new InvalidRequestError(`The ${name} parameter is too long (at most ${max} characters).`);
}

/**
 * A parked request resumes with the client's current settings (issue 5 item 11): the client still
 * exists (checked by the caller), the redirect URI is still registered, the PKCE policy still holds.
 * Throws UnsafeRedirectError (our page) or OAuthError (redirected to the still-registered URI).
 */
export function checkResumedRequest(params: AuthorizeParams, client: OidcClient, allowInsecure: boolean): void {
  checkRedirectUriRegistered(client, params.redirect_uri, allowInsecure);
  checkPkceRequired(client, params.code_challenge);
}

/** Step 2: the remaining parameters. Errors from here on are redirected to the verified URI. */
export function parseAuthorizeParams(query: URLSearchParams, client: OidcClient, redirectUri: string, redirectUriSent = true): AuthorizeParams {
  const base = { redirect_uri: redirectUri, response_mode: "query" as const };
  const rawState = query.getAll("state").length === 1 ? query.get("state") ?? undefined : undefined;
  // An over-long state is not echoed back in the error redirect either.
  const state = rawState && rawState.length <= AUTHORIZE_LIMITS.state && !hasControlCharacter(rawState) ? rawState : undefined;
  try {
    checkRequestSize(query);
    checkPrintable(query);
    for (const name of new Set(query.keys())) single(query, name);
    // OIDC Core §3.1.2.6: request objects are not supported (not advertised in discovery).
    if (query.has("request")) throw new OAuthError("request_not_supported", "Request objects are not supported.");
    if (query.has("request_uri")) throw new OAuthError("request_uri_not_supported", "request_uri is not supported.");

    const responseMode = query.get("response_mode") || "query";
    if (responseMode !== "query" && responseMode !== "fragment") {
      throw new InvalidRequestError(`Unsupported response_mode '${responseMode}'.`);
    }
    const responseType = query.get("response_type");
    if (!responseType) throw new InvalidRequestError("The response_type parameter is missing.");
    if (responseType !== "code") throw new UnsupportedResponseTypeError("Only response_type=code is supported.");

    checkLength("state", rawState);
    // fosite's minimum entropy rule, kept by Pocket ID (inventory §2.2).
    if (!state || state.length < MIN_STATE_LENGTH) {
      throw new InvalidStateError(`The state parameter is required and must be at least ${MIN_STATE_LENGTH} characters.`);
    }

    const nonce = query.get("nonce") || undefined;
    checkLength("nonce", nonce);
    // Inventory §2.2: Pocket ID (fosite) refuses a nonce under 8 characters, though only when it
    // issues the ID token; refusing here lets the client see why, on its redirect URI.
    if (nonce && nonce.length < MIN_NONCE_LENGTH) {
      throw new InvalidRequestError(`The nonce parameter must be at least ${MIN_NONCE_LENGTH} characters.`);
    }

    const challenge = query.get("code_challenge") || undefined;
    const method = query.get("code_challenge_method") || undefined;
    if (method && !challenge) throw new InvalidRequestError("code_challenge_method was sent without code_challenge.");
    if (challenge) {
      // RFC 7636 §4.3: the method defaults to plain.
      if (method && method !== "S256" && method !== "plain") throw new InvalidRequestError("code_challenge_method must be S256 or plain.");
      if (!isValidPkceValue(challenge)) throw new InvalidRequestError("code_challenge must be 43-128 characters of [A-Za-z0-9-._~].");
    }
    checkPkceRequired(client, challenge);

    const rawScope = query.get("scope") ?? undefined;
    checkLength("scope", rawScope);
    const rawPrompt = query.get("prompt") ?? "";
    checkLength("prompt", rawPrompt);
    checkLength("id_token_hint", query.get("id_token_hint"));
    const prompt = Array.from(new Set(rawPrompt.split(" ").filter(Boolean)));
    for (const p of prompt) if (!PROMPT_VALUES.has(p)) throw new InvalidRequestError(`Unsupported prompt value '${p}'.`);
    if (prompt.includes("none") && prompt.length > 1) throw new InvalidRequestError("prompt=none cannot be combined with other values.");

    const maxAgeRaw = query.get("max_age");
    let maxAge: number | undefined;
    if (maxAgeRaw !== null && maxAgeRaw !== "") {
      if (!new RegExp(`^\\d{1,${AUTHORIZE_LIMITS.max_age}}$`).test(maxAgeRaw)) {
        throw new InvalidRequestError(`max_age must be a non-negative integer of at most ${AUTHORIZE_LIMITS.max_age} digits.`);
      }
      maxAge = Number(maxAgeRaw);
    }
    return {
      client_id: client.id,
      redirect_uri: redirectUri,
      redirect_uri_sent: redirectUriSent,
      response_type: "code",
      response_mode: responseMode,
      scope: parseScope(rawScope),
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: challenge ? ((method ?? "plain") as "S256" | "plain") : undefined,
      prompt,
      max_age: maxAge,
    };
  } catch (e) {
    if (e instanceof OAuthError) throw new RedirectableError(e, { ...base, state });
    throw e;
  }
}

/** An OAuth error that goes back to the client's verified redirect URI. */
export class RedirectableError extends Error {
  constructor(
    public readonly oauth: OAuthError,
    public readonly target: { redirect_uri: string; response_mode: "query" | "fragment"; state?: string },
  ) {
    super(oauth.message);
  }
}

export interface Requirements {
  /** No session, or the session is older than this request and re-authentication is required. */
  needsAuthentication: boolean;
  /** The user must confirm: consent to scopes or account selection. */
  needsConfirmation: boolean;
  /** Scopes the consent screen should list. */
  scopes: string[];
  /** The request's id_token_hint names another user than the signed-in one: sign in as that user. */
  otherAccount?: boolean;
}

function isMember(user: OidcUser, client: OidcClient): boolean {
  if (!client.isGroupRestricted) return true;
  return user.groups.some((g) => client.allowedGroupIds.includes(g.id));
}

/**
 * What the user still has to do for this request (inventory §2.3), as one pure function used by
 * /authorize and by the interaction page so both always agree.
 * Re-authentication (prompt=login, max_age, client.requiresReauthentication) is satisfied only by
 * a passkey assertion (`amr` includes "phr") made after the request was made: a session from setup
 * or a login code (`otp`) is not a fresh proof of the passkey (DESIGN "Step-up"; Pocket ID advisory
 * GHSA-hp74-gm6m-2qm5). For max_age, a session that did not come from a passkey has no known
 * passkey authentication time, so it counts as too old (OIDC Core §3.1.2.1).
 */
export function evaluateRequirements(input: {
  params: AuthorizeParams;
  client: OidcClient;
  session: OidcSession | null;
  consent: string[] | null;
  requestedAt: Date;
  confirmedUserId: string | null;
  now: Date;
}): Requirements {
  const { params, client, session } = input;
  if (!session) return { needsAuthentication: true, needsConfirmation: false, scopes: params.scope };
  const byPasskey = session.amr.includes("phr");
  const freshPasskey = byPasskey && session.authTime.getTime() >= input.requestedAt.getTime();
  const maxAgeExceeded =
    params.max_age !== undefined && (!byPasskey || input.now.getTime() - session.authTime.getTime() > params.max_age * 1000);
  const reauth = params.prompt.includes("login") || client.requiresReauthentication || maxAgeExceeded;
  if (reauth && !freshPasskey) return { needsAuthentication: true, needsConfirmation: false, scopes: params.scope };
  // The RP named the user it expects; another signed-in user must not be answered silently.
  if (params.id_token_hint_sub && params.id_token_hint_sub !== session.userId) {
    return { needsAuthentication: true, needsConfirmation: false, scopes: params.scope, otherAccount: true };
  }

  const confirmed = input.confirmedUserId === session.userId;
  const consentMissing = !input.consent || params.scope.some((s) => !input.consent!.includes(s));
  const consentNeeded = params.prompt.includes("consent") || (!client.skipConsent && consentMissing);
  const selectAccount = params.prompt.includes("select_account");
  return { needsAuthentication: false, needsConfirmation: !confirmed && (consentNeeded || selectAccount), scopes: params.scope };
}

/**
 * The authorization endpoint (RFC 6749 §4.1.1; OIDC Core §3.1.2), in order: client and redirect URI
 * → parameters → session and re-authentication → group restriction → consent → code.
 * `interactionId` resumes a request parked for sign-in or consent (parameters restored server-side).
 */
export async function authorize(input: {
  query: URLSearchParams;
  session: OidcSession | null;
  ctx: AuthorizeContext;
}): Promise<AuthorizeOutcome> {
  const { ctx } = input;
  const interactionId = input.query.get("interaction");
  let params: AuthorizeParams;
  let client: OidcClient;
  let requestedAt = ctx.now;
  let confirmedUserId: string | null = null;
  // What the error page may name: the values as sent, or those of the parked request.
  let known: { clientId?: string; redirectUri?: string } = interactionId ? {} : sentClientAndRedirectUri(input.query);
  const errorPage = (error: string, description: string): ErrorPageOutcome => ({ type: "error_page", error, description, ...known });

  try {
    if (interactionId) {
      const interaction = await ctx.store.loadInteraction(interactionId, ctx.now);
      if (!interaction) return errorPage("interaction_expired", "This sign-in request has expired.");
      params = interaction.params;
      known = { clientId: params.client_id, redirectUri: params.redirect_uri_sent === false ? undefined : params.redirect_uri };
      const found = await ctx.store.findClient(params.client_id);
      if (!found) return errorPage("invalid_client", "The application no longer exists.");
      client = found;
      requestedAt = interaction.requestedAt;
      confirmedUserId = interaction.confirmedUserId;
      try {
        checkResumedRequest(params, client, ctx.allowInsecureRedirects);
      } catch (e) {
        if (e instanceof OAuthError) throw new RedirectableError(e, params);
        throw e;
      }
    } else {
      const verified = await checkClientAndRedirectUri(input.query, ctx.store, ctx.allowInsecureRedirects);
      client = verified.client;
      params = parseAuthorizeParams(input.query, client, verified.redirectUri, verified.redirectUriSent);
      const hint = input.query.get("id_token_hint");
      if (hint) {
        const claims = await verifyIdTokenHint(ctx.keys, hint, ctx.issuer);
        if (!claims) throw new RedirectableError(new InvalidRequestError("The id_token_hint is invalid."), params);
        // OIDC Core §3.1.2.1: the hint is an ID token previously issued to this client; every
        // audience counts, not only the first.
        if (!claims.aud.includes(client.id)) {
          throw new RedirectableError(new InvalidRequestError("The id_token_hint was not issued to this client."), params);
        }
        params.id_token_hint_sub = claims.sub;
      }
    }
  } catch (e) {
    if (e instanceof UnsafeRedirectError) return errorPage(e.error, e.description);
    if (e instanceof RedirectableError) {
      return {
        type: "redirect",
        url: clientRedirect(e.target, { error: e.oauth.error, error_description: e.oauth.description, state: e.target.state }, ctx.issuer),
      };
    }
    throw e;
  }

  const fail = (err: OAuthError): AuthorizeOutcome => ({
    type: "redirect",
    url: clientRedirect(params, { error: err.error, error_description: err.description, state: params.state }, ctx.issuer),
  });
  const park = async (): Promise<AuthorizeOutcome> => {
    if (interactionId) return { type: "interaction", interactionId };
    // RFC 6749 §4.1.2.1 temporarily_unavailable: too many parked requests from this address (the
    // redirect URI is verified, so the app is told and can retry later).
    if (ctx.mayPark && !(await ctx.mayPark())) {
      return fail(new OAuthError("temporarily_unavailable", "Too many sign-in requests from this network. Try again in a minute.", 503));
    }
    return { type: "interaction", interactionId: await ctx.store.createInteraction(params, ctx.now, INTERACTION_TTL_SECONDS) };
  };

  const session = input.session;
  const user = session ? await ctx.store.findUser(session.userId) : null;
  const liveSession = user && !user.disabled ? session : null;
  const consent = liveSession ? await ctx.store.findConsent(liveSession.userId, client.id) : null;
  const req = evaluateRequirements({ params, client, session: liveSession, consent, requestedAt, confirmedUserId, now: ctx.now });

  if (req.needsAuthentication) {
    // OIDC Core §3.1.2.1: prompt=none never shows UI.
    if (params.prompt.includes("none")) return fail(new LoginRequiredError());
    return park();
  }
  if (!isMember(user!, client)) {
    // Shown here rather than sent to the client (inventory §2.2, parity item 2).
    return errorPage("access_denied", "You are not allowed to access this service.");
  }
  if (req.needsConfirmation) {
    if (params.prompt.includes("none")) return fail(new ConsentRequiredError());
    return park();
  }

  const code = randomBytes(32).toString("base64url");
  const saved = await ctx.store.saveAuthorization({
    code: {
      codeHash: sha256Hex(code),
      clientId: client.id,
      userId: liveSession!.userId,
      redirectUri: params.redirect_uri,
      redirectUriSent: params.redirect_uri_sent !== false,
      scope: params.scope,
      nonce: params.nonce ?? null,
      codeChallenge: params.code_challenge ?? null,
      codeChallengeMethod: params.code_challenge_method ?? null,
      amr: liveSession!.amr,
      authTime: liveSession!.authTime,
      sessionId: liveSession!.id ?? null,
      requestedAt,
      expiresAt: new Date(ctx.now.getTime() + CODE_TTL_SECONDS * 1000),
    },
    interactionId,
    usedPkce: !!params.code_challenge,
    meta: ctx.meta,
    clientName: client.name,
  });
  // A second resume of the same interaction (double click, Back then Allow) lost the race for it.
  if (!saved) return errorPage("interaction_expired", "This sign-in request has already been completed.");
  return { type: "redirect", url: clientRedirect(params, { code, state: params.state }, ctx.issuer) };
}
