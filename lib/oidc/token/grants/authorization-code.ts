import { sha256Hex } from "../../../crypto/hash";
import { InvalidGrantError, InvalidRequestError } from "../../errors";
import { verifyPkce } from "../../pkce";
import type { CodeRecord, GrantRecord, OidcStore } from "../../store";
import type { OidcClient } from "../../types";
import { checkUserStillAllowed } from "../checks";
import { checkGrantResource } from "../resource-checks";
import { recordUserTokens, newRefreshToken } from "../issue-user-tokens";
import type { GrantHandler, GrantResult, TokenContext } from "../types";

/**
 * authorization_code (RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.3). Consume, checks and
 * recording the tokens run in one transaction (DESIGN "Seams"), so a replay sees the code used
 * only once the first redemption's tokens are on record, and revoking the family always reaches
 * them (RFC 6749 §4.1.2); the recorded tokens are signed after it commits. Failures are returned
 * from the transaction, not thrown, so that consumption and revocation still commit.
 */
export const authorizationCodeGrant: GrantHandler = async ({ form, client, ctx }) => {
  const code = form.get("code");
  if (!code) throw new InvalidRequestError("The code parameter is missing.");
  const result = await ctx.store.transaction((store) => redeemCode(store, code, form, client, ctx));
  if ("error" in result) throw result.error;
  return result.issue();
};

const fail = (description: string): GrantResult => ({ error: new InvalidGrantError(description) });

/** RFC 6749 §4.1.3: redirect_uri is required if the authorization request included it, and then identical. */
function checkRedirectUri(record: CodeRecord, form: URLSearchParams): GrantResult | null {
  // If that request omitted it (one registered callback, no openid), it may be omitted here
  // too; if sent anyway it must still be the URI the code was issued for.
  const redirectUri = form.get("redirect_uri");
  if (record.redirectUriSent && redirectUri === null) return fail("The redirect_uri parameter is missing.");
  if (redirectUri !== null && redirectUri !== record.redirectUri) return fail("The redirect_uri does not match the authorization request.");
  return null;
}

/** RFC 7636 §4.6, and RFC 9700 §2.1.1: a verifier without a challenge is a PKCE downgrade attempt. */
function checkCodeVerifier(record: CodeRecord, form: URLSearchParams): GrantResult | null {
  const verifier = form.get("code_verifier");
  if (record.codeChallenge) {
    if (!verifier) return fail("The code_verifier parameter is missing.");
    if (!verifyPkce(verifier, record.codeChallenge, record.codeChallengeMethod ?? "plain")) {
      return fail("The code_verifier does not match the code_challenge.");
    }
  } else if (verifier) {
    return fail("code_verifier sent, but the authorization request had no code_challenge.");
  }
  return null;
}

async function redeemCode(store: OidcStore, code: string, form: URLSearchParams, client: OidcClient, ctx: TokenContext): Promise<GrantResult> {
  // Consume before trusting (DESIGN rule 6), bound to the authenticated client in the same update.
  const consumed = await store.consumeCode(sha256Hex(code), client.id, ctx.now);
  if (consumed.status === "missing") return fail("The authorization code is invalid.");
  if (consumed.status === "wrong_client") return fail("The authorization code was issued to another client.");
  const record = consumed.code;
  if (consumed.status === "reused") {
    // RFC 6749 §4.1.2, RFC 9700 §4.2.4: a replayed code revokes its whole grant family.
    await store.revokeCodeTokens(record.id, ctx.now, ctx.meta);
    return fail("The authorization code has already been used.");
  }
  if (record.expiresAt <= ctx.now) return fail("The authorization code has expired.");
  // RFC 6749 §4.1.2 / §10.5: the authorization was withdrawn (sign-out, end-session, the user
  // revoked the app) between issuing the code and its redemption: nothing may come of it.
  if (record.grantRevokedAt) return fail("The authorization behind this code has been revoked.");
  const refused = checkRedirectUri(record, form) ?? checkCodeVerifier(record, form);
  if (refused) return refused;

  const user = await checkUserStillAllowed(store, record.userId, client);
  if (!("id" in user)) return { error: user };

  const grantFields = {
    clientId: client.id,
    userId: user.id,
    sessionId: record.sessionId,
    scope: record.scope,
    nonce: record.nonce,
    amr: record.amr,
    authTime: record.authTime,
    resource: record.resource[0] ?? null,
  };
  // A code issued before grant families starts its family now.
  const grantId = record.grantId ?? (await store.createGrant({ ...grantFields, expiresAt: record.expiresAt }));
  const grant: GrantRecord = { id: grantId, ...grantFields, revokedAt: null };
  const scope = await checkGrantResource(store, form, client, grant);
  if (!Array.isArray(scope)) return { error: scope };
  const issue = await recordUserTokens({
    scope,
    store,
    ctx,
    client,
    user,
    grant,
    authorizationCodeId: record.id,
    nonce: record.nonce,
    requestedAt: record.requestedAt,
    refresh: newRefreshToken(),
  });
  return { issue };
}
