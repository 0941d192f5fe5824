import { authenticateClient } from "../client-auth";
import { checkClientMayUseGrant, checkGrantType, checkNoRepeatedParams } from "./checks";
import { GRANTS } from "./registry";
import type { TokenContext, TokenResponse } from "./types";

export type { TokenContext, TokenResponse, GrantHandler, GrantResult } from "./types";
export { GRANTS } from "./registry";

/**
 * The token endpoint (RFC 6749 §3.2), in order: parameters not repeated (§3.2) → client
 * authenticated (§2.3, §3.2.1; RFC 7523) → grant_type known (§5.2) → the grant's own checks and
 * issuing (grants/*.ts, each inside one store transaction).
 */
export async function tokenEndpoint(form: URLSearchParams, authorization: string | null, ctx: TokenContext): Promise<TokenResponse> {
  checkNoRepeatedParams(form);
  const client = await authenticateClient(form, authorization, ctx.store, ctx.now, ctx.assertion);
  const grant = checkGrantType(form, GRANTS);
  checkClientMayUseGrant(client, form.get("grant_type")!);
  // Resolved here, before any transaction: the key ring may read the database (SQLite would wait on it).
  const idKey = client.idTokenSignedResponseAlg && ctx.idTokenKey ? await ctx.idTokenKey(client.idTokenSignedResponseAlg) : ctx.key;
  return grant({ form, client, ctx: { ...ctx, idKey } });
}
