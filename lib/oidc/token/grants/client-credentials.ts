import { checkResourceSyntax } from "../../authorize/parse-params";
import { parseScopeTokens, resolveResource } from "../../resource";
import { issueAccessToken } from "../../tokens";
import { checkConfidentialClient } from "../checks";
import type { GrantHandler, TokenResponse } from "../types";

/**
 * client_credentials (RFC 6749 §4.4; inventory §2.7): confidential clients only; `sub` is
 * `client-<id>`; identity scopes are always stripped, so the token is never valid at userinfo;
 * no refresh token (RFC 6749 §4.4.3) and no ID token. With `resource` (RFC 8707, inventory §2.16)
 * the token is for that API, with the permissions granted to the client for client access (all
 * of them when none is requested); without it the audience is the client and the scope empty.
 */
export const clientCredentialsGrant: GrantHandler = async ({ form, client, ctx }) => {
  checkConfidentialClient(client, "client_credentials");
  const resource = checkResourceSyntax(form.getAll("resource"));
  const resolved = await resolveResource(ctx.store, { client, resource, scope: parseScopeTokens(form.get("scope")), subject: "client" });
  const scopes = resolved.scope;
  const access = await issueAccessToken(ctx.key, {
    issuer: ctx.issuer,
    subject: `client-${client.id}`,
    clientId: client.id,
    scopes,
    resource: resolved.audience,
    lifetimeSeconds: client.accessTokenDurationMinutes * 60,
    now: ctx.now,
  });
  await ctx.store.recordAccessToken({
    jti: access.jti,
    clientId: client.id,
    userId: null,
    scope: scopes,
    expiresAt: access.expiresAt,
    authorizationCodeId: null,
  });
  const response: TokenResponse = { access_token: access.token, token_type: "Bearer", expires_in: access.expiresIn, scope: scopes.join(" ") };
  return response;
};
