import { randomBytes } from "node:crypto";
import { sha256Hex } from "../../crypto/hash";
import { ConsentRequiredError, LoginRequiredError, OAuthError, UnsafeRedirectError } from "../errors";
import type { OidcStore, StoreMeta } from "../store";
import type { AuthorizeParams, OidcClient, OidcSession, SigningKey } from "../types";
import { checkClientAndRedirectUri } from "./check-client-and-redirect-uri";
import { checkIdTokenHint } from "./check-id-token-hint";
import { checkParRequired } from "./check-par-required";
import { checkResumedRequest } from "./check-resumed-request";
import { type AuthorizeOutcome, type ErrorPageOutcome } from "./outcome";
import { InvalidTargetError, parseAuthorizeParams, RedirectableError, responseTarget } from "./parse-params";
import { sentClientAndRedirectUri } from "./request-params";
import { resolveRequestObject } from "./resolve-request-object";
import { resolveRequestUri } from "./resolve-request-uri";
import { authorizationResponse, errorResponse } from "./response";
import { evaluateSteps, isAllowedUser } from "./steps";
import { keepStandardScopes } from "../scope-tokens";

export * from "./outcome";
export { clientRedirect, authorizationResponse, errorResponse } from "./response";
export { sentClientAndRedirectUri } from "./request-params";
export { checkClientAndRedirectUri, checkRedirectUriRegistered } from "./check-client-and-redirect-uri";
export { parseAuthorizeParams, RedirectableError, InvalidTargetError, checkResourceSyntax } from "./parse-params";
export { checkResumedRequest } from "./check-resumed-request";
export { resolveRequestObject } from "./resolve-request-object";
export { PAR_URN_PREFIX, requestUriHash } from "./resolve-request-uri";
export { evaluateSteps, isAllowedUser, STEP_ORDER, type InteractionStep, type StepState } from "./steps";

/** Authorization codes live 15 minutes (inventory §2.1), interactions one hour. */
export const CODE_TTL_SECONDS = 15 * 60;
export const INTERACTION_TTL_SECONDS = 60 * 60;

/**
 * Which resources (RFC 8707) a client may name, with which scopes: the APIs' rules (inventory
 * §2.16; lib/oidc/resource.ts apiResourcePolicy). Returns the API the tokens will be for (null:
 * the client) and the scopes that can be granted; throws an OAuthError (invalid_target,
 * invalid_scope).
 */
export type ResourcePolicy = (input: { client: OidcClient; resource: string[]; scope: string[] }) => Promise<{ audience: string | null; scope: string[] }>;

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
  /**
   * Without one, any `resource` is refused (no API is known that a token could be meant for) and
   * scopes other than the standard ones are dropped.
   */
  resourcePolicy?: ResourcePolicy;
}

interface LoadedRequest {
  params: AuthorizeParams;
  client: OidcClient;
  requestedAt: Date;
  interactionId: string | null;
  confirmedUserId: string | null;
  selectedUserId: string | null;
}

/**
 * RFC 8707 §2 + inventory §2.2/§2.16: resource and scope go through the APIs' policy, which
 * decides the audience and the grantable scopes; with none, any resource is unknown and only
 * standard scopes remain. Pocket ID answers a resource error before sign-in with a generic
 * invalid_request so as not to reveal which APIs exist; we keep the RFC codes (invalid_target,
 * invalid_scope) with the same description whatever the cause.
 */
export async function checkResources(params: AuthorizeParams, client: OidcClient, policy: ResourcePolicy | undefined): Promise<void> {
  if (!policy) {
    if (params.resource?.length) throw new InvalidTargetError("The 'resource' or 'scope' parameter is invalid.");
    params.scope = keepStandardScopes(params.scope);
    return;
  }
  const resolved = await policy({ client, resource: params.resource ?? [], scope: params.scope });
  params.scope = resolved.scope;
  if (resolved.audience) params.resource = [resolved.audience];
  else delete params.resource;
}

/**
 * A new request, in order: request by reference (PAR) or by value (request object) → client and
 * redirect URI → errors held back until there was a verified URI → PAR policy → parameters →
 * resources → id_token_hint.
 */
async function startRequest(query: URLSearchParams, ctx: AuthorizeContext): Promise<LoadedRequest> {
  const byReference = await resolveRequestUri(query, ctx.store, ctx.now);
  const byValue = resolveRequestObject(byReference.params);
  const effective = byValue.params;
  const { client, redirectUri, redirectUriSent } = await checkClientAndRedirectUri(effective, ctx.store, ctx.allowInsecureRedirects);
  const target = responseTarget(effective, redirectUri);
  const held = byReference.error ?? byValue.error;
  if (held) throw new RedirectableError(held, target);
  try {
    checkParRequired(client, byReference.pushed);
  } catch (e) {
    throw e instanceof OAuthError ? new RedirectableError(e, target) : e;
  }
  const params = parseAuthorizeParams(effective, client, redirectUri, redirectUriSent);
  if (byReference.pushed) params.pushed = true;
  try {
    await checkResources(params, client, ctx.resourcePolicy);
    params.id_token_hint_sub = await checkIdTokenHint(effective.get("id_token_hint"), client.id, ctx.keys, ctx.issuer);
  } catch (e) {
    throw e instanceof OAuthError ? new RedirectableError(e, params) : e;
  }
  return { params, client, requestedAt: ctx.now, interactionId: null, confirmedUserId: null, selectedUserId: null };
}

/** A parked request (inventory §2.3): parameters restored server-side, re-checked against the client as it is now. */
async function resumeRequest(interactionId: string, ctx: AuthorizeContext): Promise<LoadedRequest | ErrorPageOutcome> {
  const interaction = await ctx.store.loadInteraction(interactionId, ctx.now);
  if (!interaction) return { type: "error_page", error: "interaction_expired", description: "This sign-in request has expired." };
  const { params } = interaction;
  const known = { clientId: params.client_id, redirectUri: params.redirect_uri_sent === false ? undefined : params.redirect_uri };
  const client = await ctx.store.findClient(params.client_id);
  if (!client) return { type: "error_page", error: "invalid_client", description: "The application no longer exists.", ...known };
  try {
    checkResumedRequest(params, client, ctx.allowInsecureRedirects);
  } catch (e) {
    if (e instanceof UnsafeRedirectError) return { type: "error_page", error: e.error, description: e.description, ...known };
    throw e;
  }
  if (interaction.denied) {
    // RFC 6749 §4.1.2.1: the user declined; the answer goes to the still-registered URI, once.
    if (!(await ctx.store.deleteInteraction(interactionId))) {
      return { type: "error_page", error: "interaction_expired", description: "This sign-in request has already been completed.", ...known };
    }
    throw new RedirectableError(new OAuthError("access_denied", "The user denied the request."), params);
  }
  return {
    params,
    client,
    requestedAt: interaction.requestedAt,
    interactionId,
    confirmedUserId: interaction.confirmedUserId,
    selectedUserId: interaction.selectedUserId ?? null,
  };
}

/**
 * The authorization endpoint (RFC 6749 §4.1.1; OIDC Core §3.1.2). The order is visible here:
 *   1. load the request: new (startRequest) or parked (resumeRequest, `?interaction=`);
 *   2. the steps the user still owes: authenticate → select account (inventory §2.3);
 *   3. group restriction (inventory §2.2, parity item 2), shown inside the provider;
 *   4. re-authenticate → consent;
 *   5. issue the code and answer in the request's response mode, `iss` included (RFC 9207).
 * prompt=none never shows UI: a step still owed is an error sent to the client (OIDC Core §3.1.2.6).
 */
export async function authorize(input: { query: URLSearchParams; session: OidcSession | null; ctx: AuthorizeContext }): Promise<AuthorizeOutcome> {
  const { ctx } = input;
  const interactionParam = input.query.get("interaction");
  const sent = interactionParam ? {} : sentClientAndRedirectUri(input.query);

  let request: LoadedRequest;
  try {
    const loaded = interactionParam ? await resumeRequest(interactionParam, ctx) : await startRequest(input.query, ctx);
    if ("type" in loaded) return loaded;
    request = loaded;
  } catch (e) {
    if (e instanceof UnsafeRedirectError) return { type: "error_page", error: e.error, description: e.description, ...sent };
    if (e instanceof RedirectableError) return errorResponse(e.target, e.oauth, ctx.issuer);
    throw e;
  }
  const { params, client } = request;
  const fail = (err: OAuthError): AuthorizeOutcome => errorResponse(params, err, ctx.issuer);
  const park = async (): Promise<AuthorizeOutcome> => {
    if (request.interactionId) return { type: "interaction", interactionId: request.interactionId };
    // RFC 6749 §4.1.2.1 temporarily_unavailable: too many parked requests from this address (the
    // redirect URI is verified, so the app is told and can retry later).
    if (ctx.mayPark && !(await ctx.mayPark())) {
      return fail(new OAuthError("temporarily_unavailable", "Too many sign-in requests from this network. Try again in a minute.", 503));
    }
    return { type: "interaction", interactionId: await ctx.store.createInteraction(params, ctx.now, INTERACTION_TTL_SECONDS) };
  };

  const user = input.session ? await ctx.store.findUser(input.session.userId) : null;
  const session = user && !user.disabled ? input.session : null;
  const consent = session ? await ctx.store.findConsent(session.userId, client.id) : null;
  const { steps } = evaluateSteps({ ...request, session, consent, now: ctx.now });
  const none = params.prompt.includes("none");

  if (steps[0] === "authenticate") return none ? fail(new LoginRequiredError()) : park();
  if (steps[0] === "select_account") {
    return none ? fail(new OAuthError("account_selection_required", "The end-user must select an account.")) : park();
  }
  if (!isAllowedUser(user!, client)) {
    // Shown inside the provider, never sent to the client (inventory §2.2, parity item 2); the
    // interaction page offers to switch account.
    if (none) return { type: "error_page", error: "access_denied", description: "You are not allowed to access this service.", clientId: client.id };
    return park();
  }
  if (steps.length) {
    if (none) return fail(steps[0] === "consent" ? new ConsentRequiredError() : new LoginRequiredError("The end-user must authenticate again."));
    return park();
  }

  const code = randomBytes(32).toString("base64url");
  const saved = await ctx.store.saveAuthorization({
    code: {
      codeHash: sha256Hex(code),
      clientId: client.id,
      userId: session!.userId,
      redirectUri: params.redirect_uri,
      redirectUriSent: params.redirect_uri_sent !== false,
      scope: params.scope,
      resource: params.resource ?? [],
      nonce: params.nonce ?? null,
      codeChallenge: params.code_challenge ?? null,
      codeChallengeMethod: params.code_challenge_method ?? null,
      amr: session!.amr,
      authTime: session!.authTime,
      requestedAt: request.requestedAt,
      expiresAt: new Date(ctx.now.getTime() + CODE_TTL_SECONDS * 1000),
      sessionId: session!.id ?? null,
    },
    interactionId: request.interactionId,
    usedPkce: !!params.code_challenge,
    meta: ctx.meta,
    clientName: client.name,
  });
  // A second resume of the same interaction (double click, Back then Allow) lost the race for it.
  if (!saved) {
    return { type: "error_page", error: "interaction_expired", description: "This sign-in request has already been completed.", clientId: client.id };
  }
  return authorizationResponse(params, { code, state: params.state }, ctx.issuer);
}
