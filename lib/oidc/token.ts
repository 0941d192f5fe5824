import { sha256Hex } from "../crypto/hash";
import { authenticateClient } from "./client-auth";
import { userClaims } from "./claims";
import { InvalidGrantError, InvalidRequestError, type OAuthError, UnsupportedGrantTypeError } from "./errors";
import { verifyPkce } from "./pkce";
import type { OidcStore, StoreMeta } from "./store";
import { issueAccessToken, issueIdToken } from "./tokens";
import type { SigningKey } from "./types";

export interface TokenContext {
  store: OidcStore;
  issuer: string;
  key: SigningKey;
  now: Date;
  meta: StoreMeta;
}

export interface TokenResponse {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  scope: string;
  id_token?: string;
}

/** RFC 6749 §3.2: parameters must not be repeated. */
function checkNoRepeatedParams(form: URLSearchParams): void {
  for (const name of new Set(form.keys())) {
    if (form.getAll(name).length > 1) throw new InvalidRequestError(`The '${name}' parameter must not be repeated.`);
  }
}

/** The token endpoint (RFC 6749 §3.2, §4.1.3): authenticate the client, then run the grant. */
export async function tokenEndpoint(form: URLSearchParams, authorization: string | null, ctx: TokenContext): Promise<TokenResponse> {
  checkNoRepeatedParams(form);
  const client = await authenticateClient(form, authorization, ctx.store, ctx.now);
  const grantType = form.get("grant_type");
  if (!grantType) throw new InvalidRequestError("The grant_type parameter is missing.");
  switch (grantType) {
    case "authorization_code":
      return authorizationCodeGrant(form, client.id, ctx);
    default:
      // RFC 6749 §5.2: a grant this server does not implement (refresh_token, client_credentials
      // and device_code included, until they exist) is unsupported, not unauthorized.
      throw new UnsupportedGrantTypeError(`Unsupported grant_type '${grantType}'.`);
  }
}

type GrantResult = { response: TokenResponse } | { error: OAuthError };

/**
 * RFC 6749 §4.1.3 + RFC 7636 §4.6 + OIDC Core §3.1.3. Consume, checks, issue and record run in one
 * transaction (DESIGN "Seams"), so a replay sees the code used only once the first redemption's
 * token is on record, and its revocation always reaches that token (RFC 6749 §4.1.2). Failures are
 * returned from the transaction, not thrown, so that consumption and revocation still commit.
 */
async function authorizationCodeGrant(form: URLSearchParams, clientId: string, ctx: TokenContext): Promise<TokenResponse> {
  const code = form.get("code");
  if (!code) throw new InvalidRequestError("The code parameter is missing.");
  const result = await ctx.store.transaction((store) => redeemCode(store, code, form, clientId, ctx));
  if ("error" in result) throw result.error;
  return result.response;
}

async function redeemCode(store: OidcStore, code: string, form: URLSearchParams, clientId: string, ctx: TokenContext): Promise<GrantResult> {
  const fail = (description: string): GrantResult => ({ error: new InvalidGrantError(description) });
  // Consume before trusting (DESIGN rule 6), bound to the authenticated client in the same update.
  const consumed = await store.consumeCode(sha256Hex(code), clientId, ctx.now);
  if (consumed.status === "missing") return fail("The authorization code is invalid.");
  if (consumed.status === "wrong_client") return fail("The authorization code was issued to another client.");
  const record = consumed.code;
  if (consumed.status === "reused") {
    // RFC 6749 §4.1.2: a replayed code revokes what it issued.
    await store.revokeCodeTokens(record.id, ctx.now, ctx.meta);
    return fail("The authorization code has already been used.");
  }
  if (record.expiresAt <= ctx.now) return fail("The authorization code has expired.");
  // RFC 6749 §4.1.3: redirect_uri is required if the authorization request included it, and then
  // identical. If that request omitted it (one registered callback, no openid), it may be omitted
  // here too; if sent anyway it must still be the URI the code was issued for.
  const redirectUri = form.get("redirect_uri");
  if (record.redirectUriSent && redirectUri === null) return fail("The redirect_uri parameter is missing.");
  if (redirectUri !== null && redirectUri !== record.redirectUri) return fail("The redirect_uri does not match the authorization request.");

  const verifier = form.get("code_verifier");
  if (record.codeChallenge) {
    if (!verifier) return fail("The code_verifier parameter is missing.");
    if (!verifyPkce(verifier, record.codeChallenge, record.codeChallengeMethod ?? "plain")) {
      return fail("The code_verifier does not match the code_challenge.");
    }
  } else if (verifier) {
    // RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt.
    return fail("code_verifier sent, but the authorization request had no code_challenge.");
  }

  // inventory §2.7: every user-bound grant re-checks the user and the client's group restriction.
  const user = await store.findUser(record.userId);
  if (!user) return fail("The user no longer exists.");
  if (user.disabled) return fail("The user account is disabled.");
  const client = await store.findClient(clientId);
  if (!client) return fail("The client no longer exists.");
  if (client.isGroupRestricted && !user.groups.some((g) => client.allowedGroupIds.includes(g.id))) {
    return fail("The user is not allowed to access this client.");
  }

  const access = await issueAccessToken(ctx.key, {
    issuer: ctx.issuer,
    subject: user.id,
    clientId,
    scopes: record.scope,
    authTime: record.authTime,
    lifetimeSeconds: client.accessTokenDurationMinutes * 60,
    now: ctx.now,
  });
  await store.recordAccessToken({
    jti: access.jti,
    clientId,
    userId: user.id,
    scope: record.scope,
    expiresAt: access.expiresAt,
    authorizationCodeId: record.id,
  });
  const response: TokenResponse = {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: access.expiresIn,
    scope: record.scope.join(" "),
  };
  if (record.scope.includes("openid")) {
    const id = await issueIdToken(ctx.key, {
      issuer: ctx.issuer,
      clientId,
      claims: userClaims(user, record.scope, ctx.issuer),
      nonce: record.nonce,
      authTime: record.authTime,
      requestedAt: record.requestedAt,
      amr: record.amr,
      accessToken: access.token,
      now: ctx.now,
    });
    response.id_token = id.token;
  }
  return { response };
}
