import { createHmac, randomUUID } from "node:crypto";
import { sha256Hex } from "../../crypto/hash";
import { randomToken } from "../../crypto/random";
import { userClaims } from "../claims";
import type { GrantRecord, OidcStore } from "../store";
import { planAccessToken, signIdToken } from "../tokens";
import type { OidcClient, OidcUser } from "../types";
import type { TokenContext, TokenResponse } from "./types";

/**
 * The value of a rotated refresh token: HMAC of the server secret over the token it replaces and
 * the successor's id. Deterministic, so a concurrent refresh inside the reuse grace can be given
 * the same successor without storing any token in clear; unguessable without the server secret,
 * so holding an old token never yields its successor offline.
 */
export function successorRefreshToken(secret: Uint8Array, presented: string, successorId: string): string {
  return createHmac("sha256", secret).update(`rt1\n${presented}\n${successorId}`).digest("base64url");
}

export interface IssueUserTokensInput {
  store: OidcStore;
  ctx: TokenContext;
  client: OidcClient;
  user: OidcUser;
  grant: GrantRecord;
  /** The code the tokens come from (authorization_code grant), for the legacy per-code link. */
  authorizationCodeId?: string | null;
  /** OIDC Core §3.1.3.6: copied into the ID token of a code exchange; never on refresh (§12.2). */
  nonce?: string | null;
  requestedAt?: Date;
  /**
   * The refresh token to hand out: a fresh one (`{ id, value }`) or, for a rotation, the
   * successor already named on the used token. `existing` = it is on record already (reuse
   * grace), so only access and ID tokens are new.
   */
  refresh: { id: string; value: string; existing?: boolean };
  /** The scopes these tokens get when narrower than the grant's (API permissions revoked since, inventory §2.16). */
  scope?: string[];
}

function mayRefresh(client: OidcClient): boolean {
  return !client.grantTypes || client.grantTypes.includes("refresh_token");
}

/** A new refresh token for a grant: random, with a fresh id. */
export function newRefreshToken(): { id: string; value: string } {
  return { id: randomUUID(), value: randomToken() };
}

/**
 * Issues what a user-bound grant returns (inventory §2.7): an RFC 9068 access token, a refresh
 * token (Pocket ID always issues one for user flows, offline_access or not: inventory §2.1) and,
 * with openid, an ID token with the user's current claims. Everything joins the grant family.
 * Runs inside the grant's transaction and records the tokens there (their jti, hashes, expiry);
 * the JWTs are signed by the function it returns, after the transaction commits. The ID token's
 * at_hash needs the signed access token, so the two are signed in that order.
 */
export async function recordUserTokens(input: IssueUserTokensInput): Promise<() => Promise<TokenResponse>> {
  const { store, ctx, client, user, grant } = input;
  const scope = input.scope ?? grant.scope;
  const access = planAccessToken(ctx.key, {
    issuer: ctx.issuer,
    subject: user.id,
    clientId: client.id,
    scopes: scope,
    resource: grant.resource,
    authTime: grant.authTime,
    lifetimeSeconds: client.accessTokenDurationMinutes * 60,
    now: ctx.now,
  });
  await store.recordAccessToken({
    jti: access.jti,
    clientId: client.id,
    userId: user.id,
    scope,
    expiresAt: access.expiresAt,
    authorizationCodeId: input.authorizationCodeId ?? null,
    grantId: grant.id,
    refreshTokenId: mayRefresh(client) ? input.refresh.id : null,
  });
  const idToken = scope.includes("openid")
    ? {
        jti: randomUUID(),
        input: {
          issuer: ctx.issuer,
          clientId: client.id,
          claims: userClaims(user, scope, ctx.issuer, client.claimMapping),
          nonce: input.nonce ?? null,
          authTime: grant.authTime,
          requestedAt: input.requestedAt,
          amr: grant.amr,
          sid: grant.sessionId,
          now: ctx.now,
        },
      }
    : null;
  // Inventory §2.18: a CIMD client gets only the grants its document declares; without
  // refresh_token it gets no refresh token (it could never use one).
  const refresh = mayRefresh(client);
  if (refresh && !input.refresh.existing) {
    await store.recordRefreshToken({
      id: input.refresh.id,
      tokenHash: sha256Hex(input.refresh.value),
      grantId: grant.id,
      clientId: client.id,
      userId: user.id,
      scope,
      // Each rotation gets a fresh full lifetime from the client's current setting (inventory §2.1).
      expiresAt: new Date(ctx.now.getTime() + client.refreshTokenDurationMinutes * 60_000),
      idTokenJti: idToken?.jti ?? null,
      grant: { nonce: grant.nonce, amr: grant.amr, authTime: grant.authTime, expiresAt: grant.expiresAt },
    });
  }
  const idKey = ctx.idKey ?? ctx.key;
  return async () => {
    const accessToken = await access.sign();
    const response: TokenResponse = { access_token: accessToken, token_type: "Bearer", expires_in: access.expiresIn, scope: scope.join(" ") };
    if (idToken) response.id_token = await signIdToken(idKey, { ...idToken.input, accessToken }, idToken.jti);
    if (refresh) response.refresh_token = input.refresh.value;
    return response;
  };
}
