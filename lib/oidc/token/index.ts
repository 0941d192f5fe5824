import { authenticateClientWithMethod } from "../client-auth";
import { InvalidClientError, OAuthError } from "../errors";
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
  const { client, method } = await authenticateClientWithMethod(form, authorization, ctx.store, ctx.now, ctx.assertion);
  const grant = checkGrantType(form, GRANTS);
  checkClientMayUseGrant(client, form.get("grant_type")!);
  // Resolved here, before any transaction: the key ring may read the database (SQLite would wait on it).
  const idKey = client.idTokenSignedResponseAlg && ctx.idTokenKey ? await ctx.idTokenKey(client.idTokenSignedResponseAlg) : ctx.key;
  try {
    return await grant({ form, client, ctx: { ...ctx, idKey } });
  } catch (e) {
    // RFC 6749 §5.2 invalid_client: the client was deleted after it authenticated (an admin's
    // delete racing this request), so the tokens it was issued could not be stored (a foreign-key
    // failure; client_credentials writes its token outside any transaction). Read again only when
    // the grant failed unexpectedly: protocol errors keep their own code.
    if (!(e instanceof OAuthError) && !(await clientStillExists(ctx, client.id))) {
      throw new InvalidClientError("The client no longer exists.", method === "client_secret_basic");
    }
    throw e;
  }
}

/**
 * Asks the database only: findClient would fetch a URL client's metadata document again (inventory
 * §2.17) when its row is gone or its cache ran out, an outbound request on an error path, and a
 * deleted client's document fetched again would bring the client back.
 */
async function clientStillExists(ctx: TokenContext, clientId: string): Promise<boolean> {
  try {
    return await ctx.store.clientExists(clientId);
  } catch {
    // The database cannot answer either: the original failure is the one to report.
    return true;
  }
}
