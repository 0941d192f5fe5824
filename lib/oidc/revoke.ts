import { sha256Hex } from "../crypto/hash";
import { authenticateClient, type AssertionContext } from "./client-auth";
import { InvalidRequestError } from "./errors";
import type { OidcStore, StoreMeta } from "./store";
import { checkNoRepeatedParams } from "./token/checks";
import { verifyAccessToken } from "./tokens";
import type { SigningKey } from "./types";

export interface RevokeContext {
  store: OidcStore;
  issuer: string;
  keys: SigningKey[];
  now: Date;
  meta: StoreMeta;
  assertion: AssertionContext;
}

/**
 * Token revocation (RFC 7009; beyond Pocket ID). The client authenticates as at the token
 * endpoint (public clients by client_id, §2.1). A refresh token revokes its whole grant family,
 * access tokens included (§2.1 "SHOULD"); an access token revokes itself. Unknown tokens, and
 * tokens of another client, are answered like successes without effect (§2.2), so the endpoint
 * says nothing about tokens the caller does not hold.
 */
export async function revoke(form: URLSearchParams, authorization: string | null, ctx: RevokeContext): Promise<void> {
  checkNoRepeatedParams(form);
  const client = await authenticateClient(form, authorization, ctx.store, ctx.now, ctx.assertion);
  const token = form.get("token");
  if (!token) throw new InvalidRequestError("The token parameter is missing.");

  if (token.split(".").length === 3) {
    // Expired tokens too: revoking something already dead is harmless, so expiry is not checked.
    let jti: unknown;
    try {
      jti = (await verifyAccessToken(ctx.keys, token, ctx.issuer, new Date(0))).jti;
    } catch {
      return;
    }
    if (typeof jti === "string") await ctx.store.revokeAccessToken(jti, client.id, ctx.now);
    return;
  }
  const refresh = await ctx.store.findRefreshToken(sha256Hex(token));
  if (!refresh?.grantId || refresh.clientId !== client.id) return;
  await ctx.store.revokeGrant(refresh.grantId, ctx.now, ctx.meta, "TOKEN_REVOKED");
}
