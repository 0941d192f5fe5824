import { randomBytes } from "node:crypto";
import { sha256Hex } from "../crypto/hash";
import {
  ConsentRequiredError, InvalidRequestError, InvalidStateError, LoginRequiredError, OAuthError,
  UnsafeRedirectError, UnsupportedResponseTypeError,
} from "./errors";
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
  | { type: "error_page"; error: string; description: string };

export interface AuthorizeContext {
  store: OidcStore;
  issuer: string;
  /** Keys to verify id_token_hint with. */
  keys: SigningKey[];
  /** ALLOW_INSECURE_CALLBACK_URLS (Pocket ID default true). */
  allowInsecureRedirects: boolean;
  now: Date;
  meta: StoreMeta;
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

/**
 * Step 1 (RFC 6749 §4.1.2.1, §10.15): identify the client and verify the redirect URI. Until both
 * are verified nothing may be sent to the redirect URI, so failures here are shown on our page.
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
  const client = await store.findClient(clientId);
  if (!client) throw new UnsafeRedirectError("invalid_client", "The application is not registered with this server.");
  if (!redirectUri) {
    // OIDC Core §3.1.2.1 requires redirect_uri; plain OAuth may omit it with a single registration.
    const wantsOpenid = (query.get("scope") ?? "").split(" ").includes("openid");
    if (wantsOpenid || client.callbackUrls.length !== 1) {
      throw new UnsafeRedirectError("invalid_request", "The redirect_uri parameter is missing.");
    }
    redirectUri = client.callbackUrls[0];
  } else if (!matchRedirectUri(client.callbackUrls, redirectUri)) {
    throw new UnsafeRedirectError("invalid_redirect_uri", "The redirect_uri is not registered for this application.");
  }
  if (!allowInsecure && !isSecureRedirectUri(redirectUri)) {
    throw new UnsafeRedirectError("invalid_redirect_uri", "Plain-http redirect URIs are not allowed on this server.");
  }
  return { client, redirectUri };
}

/** Step 2: the remaining parameters. Errors from here on are redirected to the verified URI. */
export function parseAuthorizeParams(query: URLSearchParams, client: OidcClient, redirectUri: string): AuthorizeParams {
  const base = { redirect_uri: redirectUri, response_mode: "query" as const };
  const state = query.getAll("state").length === 1 ? query.get("state") ?? undefined : undefined;
  try {
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

    // fosite's minimum entropy rule, kept by Pocket ID (inventory §2.2).
    if (!state || state.length < 8) throw new InvalidStateError("The state parameter is required and must be at least 8 characters.");
    if (state.length > 2048) throw new InvalidRequestError("The state parameter is too long.");

    const nonce = query.get("nonce") || undefined;
    if (nonce && nonce.length > 2048) throw new InvalidRequestError("The nonce parameter is too long.");

    const challenge = query.get("code_challenge") || undefined;
    const method = query.get("code_challenge_method") || undefined;
    if (method && !challenge) throw new InvalidRequestError("code_challenge_method was sent without code_challenge.");
    if (challenge) {
      // RFC 7636 §4.3: the method defaults to plain.
      if (method && method !== "S256" && method !== "plain") throw new InvalidRequestError("code_challenge_method must be S256 or plain.");
      if (!isValidPkceValue(challenge)) throw new InvalidRequestError("code_challenge must be 43-128 characters of [A-Za-z0-9-._~].");
    } else if (client.isPublic || client.pkceEnabled) {
      // RFC 9700 §2.1.1 / inventory §2.5.
      throw new InvalidRequestError("This client requires PKCE: send code_challenge and code_challenge_method.");
    }

    const prompt = (query.get("prompt") ?? "").split(" ").filter(Boolean);
    for (const p of prompt) if (!PROMPT_VALUES.has(p)) throw new InvalidRequestError(`Unsupported prompt value '${p}'.`);
    if (prompt.includes("none") && prompt.length > 1) throw new InvalidRequestError("prompt=none cannot be combined with other values.");

    const maxAgeRaw = query.get("max_age");
    let maxAge: number | undefined;
    if (maxAgeRaw !== null && maxAgeRaw !== "") {
      if (!/^\d{1,10}$/.test(maxAgeRaw)) throw new InvalidRequestError("max_age must be a non-negative integer.");
      maxAge = Number(maxAgeRaw);
    }
    return {
      client_id: client.id,
      redirect_uri: redirectUri,
      response_type: "code",
      response_mode: responseMode,
      scope: parseScope(query.get("scope") ?? undefined),
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
}

function isMember(user: OidcUser, client: OidcClient): boolean {
  if (!client.isGroupRestricted) return true;
  return user.groups.some((g) => client.allowedGroupIds.includes(g.id));
}

/**
 * What the user still has to do for this request (inventory §2.3), as one pure function used by
 * /authorize and by the interaction page so both always agree.
 * Re-authentication (prompt=login, max_age, client.requiresReauthentication) is satisfied only by
 * a sign-in that happened after the request was made.
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
  const freshSignIn = session.authTime.getTime() >= input.requestedAt.getTime();
  const maxAgeExceeded = params.max_age !== undefined && input.now.getTime() - session.authTime.getTime() > params.max_age * 1000;
  const reauth = params.prompt.includes("login") || client.requiresReauthentication || maxAgeExceeded;
  if (reauth && !freshSignIn) return { needsAuthentication: true, needsConfirmation: false, scopes: params.scope };
  // The RP named the user it expects; another signed-in user must not be answered silently.
  if (params.id_token_hint_sub && params.id_token_hint_sub !== session.userId) {
    return { needsAuthentication: true, needsConfirmation: false, scopes: params.scope };
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

  try {
    if (interactionId) {
      const interaction = await ctx.store.loadInteraction(interactionId, ctx.now);
      if (!interaction) return { type: "error_page", error: "interaction_expired", description: "This sign-in request has expired." };
      const found = await ctx.store.findClient(interaction.params.client_id);
      if (!found) return { type: "error_page", error: "invalid_client", description: "The application no longer exists." };
      client = found;
      params = interaction.params;
      requestedAt = interaction.requestedAt;
      confirmedUserId = interaction.confirmedUserId;
    } else {
      const verified = await checkClientAndRedirectUri(input.query, ctx.store, ctx.allowInsecureRedirects);
      client = verified.client;
      params = parseAuthorizeParams(input.query, client, verified.redirectUri);
      const hint = input.query.get("id_token_hint");
      if (hint) {
        const claims = await verifyIdTokenHint(ctx.keys, hint, ctx.issuer);
        if (!claims) throw new RedirectableError(new InvalidRequestError("The id_token_hint is invalid."), params);
        params.id_token_hint_sub = claims.sub;
      }
    }
  } catch (e) {
    if (e instanceof UnsafeRedirectError) return { type: "error_page", error: e.error, description: e.description };
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
  const park = async (): Promise<AuthorizeOutcome> => ({
    type: "interaction",
    interactionId: interactionId ?? (await ctx.store.createInteraction(params, ctx.now, INTERACTION_TTL_SECONDS)),
  });

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
    return { type: "error_page", error: "access_denied", description: "You are not allowed to access this service." };
  }
  if (req.needsConfirmation) {
    if (params.prompt.includes("none")) return fail(new ConsentRequiredError());
    return park();
  }

  const code = randomBytes(32).toString("base64url");
  await ctx.store.saveAuthorization({
    code: {
      codeHash: sha256Hex(code),
      clientId: client.id,
      userId: liveSession!.userId,
      redirectUri: params.redirect_uri,
      scope: params.scope,
      nonce: params.nonce ?? null,
      codeChallenge: params.code_challenge ?? null,
      codeChallengeMethod: params.code_challenge_method ?? null,
      amr: liveSession!.amr,
      authTime: liveSession!.authTime,
      requestedAt,
      expiresAt: new Date(ctx.now.getTime() + CODE_TTL_SECONDS * 1000),
    },
    interactionId,
    usedPkce: !!params.code_challenge,
    meta: ctx.meta,
    clientName: client.name,
  });
  return { type: "redirect", url: clientRedirect(params, { code, state: params.state }, ctx.issuer) };
}
