import { randomUUID } from "node:crypto";
import { sha256Hex } from "../../../crypto/hash";
import { InvalidGrantError, InvalidRequestError } from "../../errors";
import type { OidcStore, RefreshTokenRecord } from "../../store";
import type { OidcClient } from "../../types";
import { checkUserStillAllowed } from "../checks";
import { checkGrantResource } from "../resource-checks";
import { recordUserTokens, successorRefreshToken } from "../issue-user-tokens";
import type { GrantHandler, GrantResult, TokenContext } from "../types";

/**
 * How long a rotated refresh token may still be presented, answered with the same successor:
 * an app whose tabs or workers refresh at the same moment must not lose its login (Dex's
 * `reuseInterval` does the same, default 3 s). Any later use is a replay and revokes the family.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 3;

/**
 * refresh_token (RFC 6749 §6; inventory §2.7). Rotated on every use: the used token records when
 * and by which token it was replaced; a stolen token used after its rightful owner rotated it (or
 * vice versa) revokes the whole grant family (RFC 9700 §4.14.2). The stored grant is replayed, so
 * a `scope` parameter can never widen it (Pocket ID ignores it). The user is re-checked, the ID
 * token carries current claims, lifetimes are the client's current ones. Lookup, consumption and
 * recording the new tokens share one transaction; they are signed after it commits.
 */
export const refreshTokenGrant: GrantHandler = async ({ form, client, ctx }) => {
  const presented = form.get("refresh_token");
  if (!presented) throw new InvalidRequestError("The refresh_token parameter is missing.");
  const result = await ctx.store.transaction((store) => rotate(store, presented, form, client, ctx));
  if ("error" in result) throw result.error;
  return result.issue();
};

const fail = (description: string): GrantResult => ({ error: new InvalidGrantError(description) });

async function rotate(store: OidcStore, presented: string, form: URLSearchParams, client: OidcClient, ctx: TokenContext): Promise<GrantResult> {
  const record = await store.findRefreshToken(sha256Hex(presented));
  if (!record?.grant) return fail("The refresh token is invalid.");
  // RFC 6749 §6: the token is bound to the client it was issued to; another client's attempt
  // changes nothing (conformance module oidcc-refresh-token expects invalid_grant).
  if (record.clientId !== client.id) return fail("The refresh token was issued to another client.");
  if (record.revokedAt || record.grant.revokedAt) return fail("The refresh token has been revoked.");
  if (record.consumedAt) return reuse(store, presented, record, client, ctx);
  if (record.expiresAt <= ctx.now) return fail("The refresh token has expired.");

  const user = await checkUserStillAllowed(store, record.userId, client);
  if (!("id" in user)) return { error: user };
  const scope = await checkGrantResource(store, form, client, record.grant);
  if (!Array.isArray(scope)) return { error: scope };

  const successorId = randomUUID();
  if (!(await store.consumeRefreshToken(record.id, successorId, ctx.now))) {
    // A concurrent rotation committed first (PostgreSQL: this update waited for its row lock).
    const now = await store.findRefreshTokenById(record.id);
    if (!now?.consumedAt) return fail("The refresh token has been revoked.");
    return reuse(store, presented, now, client, ctx);
  }
  const issue = await recordUserTokens({
    store,
    ctx,
    client,
    user,
    grant: record.grant,
    scope,
    refresh: { id: successorId, value: successorRefreshToken(ctx.refreshSecret, presented, successorId) },
  });
  return { issue };
}

/**
 * A token that was already rotated. Inside the grace, and while its successor is still unused,
 * the caller gets that same successor (with new access and ID tokens). Otherwise this is a
 * replay: the family is revoked, the legitimate holder included (RFC 9700 §4.14.2).
 */
async function reuse(store: OidcStore, presented: string, record: RefreshTokenRecord, client: OidcClient, ctx: TokenContext): Promise<GrantResult> {
  const consumedAt = record.consumedAt!;
  const inGrace = ctx.now.getTime() - consumedAt.getTime() <= REFRESH_REUSE_GRACE_SECONDS * 1000;
  const successor = inGrace && record.successorId ? await store.findRefreshTokenById(record.successorId) : null;
  if (successor?.grant && !successor.consumedAt && !successor.revokedAt && !successor.grant.revokedAt && successor.expiresAt > ctx.now) {
    const user = await checkUserStillAllowed(store, successor.userId, client);
    if (!("id" in user)) return { error: user };
    const issue = await recordUserTokens({
      store,
      ctx,
      client,
      user,
      grant: successor.grant,
      refresh: { id: successor.id, value: successorRefreshToken(ctx.refreshSecret, presented, successor.id), existing: true },
    });
    return { issue };
  }
  if (record.grantId) await store.revokeGrant(record.grantId, ctx.now, ctx.meta, "REFRESH_TOKEN_REUSED");
  return fail("The refresh token has already been used.");
}
