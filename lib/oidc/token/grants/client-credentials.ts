import { IDENTITY_SCOPES, parseScope } from "../../scopes";
import { issueAccessToken } from "../../tokens";
import { checkConfidentialClient } from "../checks";
import type { GrantHandler, TokenResponse } from "../types";

/**
 * client_credentials (RFC 6749 §4.4; inventory §2.7): confidential clients only; `sub` is
 * `client-<id>`; identity scopes are always stripped, so the token is never valid at userinfo;
 * no refresh token (RFC 6749 §4.4.3) and no ID token.
 */
export const clientCredentialsGrant: GrantHandler = async ({ form, client, ctx }) => {
  checkConfidentialClient(client, "client_credentials");
  // Unknown scopes are dropped like everywhere else (inventory §2.2); identity scopes describe a
  // user and there is none here.
  const scopes = parseScope(form.get("scope") ?? undefined).filter((s) => !IDENTITY_SCOPES.has(s) && s !== "offline_access");
  const access = await issueAccessToken(ctx.key, {
    issuer: ctx.issuer,
    subject: `client-${client.id}`,
    clientId: client.id,
    scopes,
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
