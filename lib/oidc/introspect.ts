import { sha256Hex } from "../crypto/hash";
import { isDefaultClaimMapping } from "./claim-mapping";
import { userClaims } from "./claims";
import { authenticateClient, JWT_BEARER_ASSERTION, type AssertionContext } from "./client-auth";
import { InvalidClientError, InvalidRequestError } from "./errors";
import type { OidcStore } from "./store";
import { checkNoRepeatedParams } from "./token/checks";
import { verifyAccessToken } from "./tokens";
import type { OidcClient, SigningKey } from "./types";

export interface IntrospectContext {
  store: OidcStore;
  issuer: string;
  keys: SigningKey[];
  now: Date;
  assertion: AssertionContext;
}

/** RFC 7662 §2.2: an inactive token says nothing else. */
const INACTIVE = { active: false } as const;

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
const looksLikeJwt = (token: string) => token.split(".").length === 3;

/**
 * The caller of the introspection endpoint (RFC 7662 §2.1 requires authentication; inventory
 * §2.12, §1.3): ordinary client authentication, or as Pocket ID allows, `Authorization: Bearer`
 * with an active access token of the client, or with a federated client assertion plus the
 * `client_id` form field.
 */
export async function authenticateIntrospectionCaller(form: URLSearchParams, authorization: string | null, ctx: IntrospectContext): Promise<OidcClient> {
  const bearer = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, "").trim() : null;
  if (bearer === null) {
    const client = await authenticateClient(form, authorization, ctx.store, ctx.now, ctx.assertion);
    // RFC 7662 §2.1: a public client proves nothing by naming itself.
    if (client.isPublic) throw new InvalidClientError("Public clients cannot use the introspection endpoint.");
    return client;
  }
  const fromToken = await activeAccessToken(bearer, ctx);
  if (fromToken) {
    const client = await ctx.store.findClient(fromToken.record.clientId);
    if (client) return client;
  }
  const clientId = form.get("client_id");
  if (clientId && looksLikeJwt(bearer)) {
    const assertionForm = new URLSearchParams({ client_id: clientId, client_assertion: bearer, client_assertion_type: JWT_BEARER_ASSERTION });
    return authenticateClient(assertionForm, null, ctx.store, ctx.now, ctx.assertion);
  }
  throw new InvalidClientError("Client authentication failed.");
}

/** One of our access tokens, verified and still on record, or null. */
async function activeAccessToken(token: string, ctx: IntrospectContext) {
  if (!looksLikeJwt(token)) return null;
  let payload;
  try {
    payload = await verifyAccessToken(ctx.keys, token, ctx.issuer, ctx.now);
  } catch {
    return null;
  }
  const record = typeof payload.jti === "string" ? await ctx.store.findActiveAccessToken(payload.jti, ctx.now, "introspection") : null;
  return record ? { record, payload } : null;
}

/** A user-bound token is active only while its user exists and is enabled. */
async function userStillActive(store: OidcStore, userId: string | null): Promise<boolean> {
  if (!userId) return true;
  return store.isUserEnabled(userId);
}

/**
 * RFC 7662 §2.2 allows further claims in an active answer. A client with a claim mapping gets the
 * user claims its tokens' scopes release, mapped exactly as in its ID token and userinfo (the one
 * `userClaims`), so a resource server sees the same names; a client without one answers exactly as
 * Pocket ID. The answer's own fields always win (the mapping can never produce them anyway).
 */
async function mappedUserClaims(store: OidcStore, client: OidcClient, userId: string | null, scope: string[], issuer: string) {
  if (!userId || !client.claimMapping || isDefaultClaimMapping(client.claimMapping) || !scope.includes("openid")) return {};
  const user = await store.findUser(userId);
  if (!user) return {};
  const { sub: _sub, ...claims } = userClaims(user, scope, issuer, client.claimMapping);
  return claims;
}

/**
 * Token introspection (RFC 7662; inventory §2.12): access tokens and refresh tokens of the calling
 * client only; a token of another client, unknown, expired, revoked or rotated is `active: false`.
 * The active answer carries Pocket ID's fields (`username` = user id).
 */
export async function introspect(form: URLSearchParams, authorization: string | null, ctx: IntrospectContext): Promise<Record<string, unknown>> {
  checkNoRepeatedParams(form);
  const caller = await authenticateIntrospectionCaller(form, authorization, ctx);
  const token = form.get("token");
  if (!token) throw new InvalidRequestError("The token parameter is missing.");

  // RFC 7662 §2.1: token_type_hint only orders the lookups; both kinds are tried.
  const access = await activeAccessToken(token, ctx);
  if (access) {
    const { record, payload } = access;
    if (record.clientId !== caller.id) return INACTIVE;
    // Whether the user is enabled may have come with the record (store.ts `also`).
    const enabled = record.also?.userEnabled ?? (await userStillActive(ctx.store, record.userId));
    if (!enabled) return INACTIVE;
    return {
      ...(await mappedUserClaims(ctx.store, caller, record.userId, record.scope, ctx.issuer)),
      active: true,
      token_type: "access_token",
      iss: ctx.issuer,
      client_id: record.clientId,
      sub: payload.sub,
      ...(record.userId ? { username: record.userId } : {}),
      aud: Array.isArray(payload.aud) ? payload.aud : [payload.aud],
      scope: record.scope.join(" "),
      iat: payload.iat,
      exp: payload.exp,
      jti: record.jti,
    };
  }
  if (looksLikeJwt(token)) return INACTIVE;
  const refresh = await ctx.store.findRefreshToken(sha256Hex(token));
  if (!refresh || refresh.clientId !== caller.id) return INACTIVE;
  if (refresh.revokedAt || refresh.consumedAt || refresh.grant?.revokedAt || refresh.expiresAt <= ctx.now) return INACTIVE;
  if (!(await userStillActive(ctx.store, refresh.userId))) return INACTIVE;
  return {
    ...(await mappedUserClaims(ctx.store, caller, refresh.userId, refresh.scope, ctx.issuer)),
    active: true,
    token_type: "refresh_token",
    iss: ctx.issuer,
    client_id: refresh.clientId,
    sub: refresh.userId,
    username: refresh.userId,
    // Inventory §2.16: a grant for an API keeps that API as its audience.
    aud: [refresh.grant?.resource ?? refresh.clientId],
    scope: refresh.scope.join(" "),
    exp: seconds(refresh.expiresAt),
  };
}
