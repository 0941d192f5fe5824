import { deviceCodeHash, SLOW_DOWN_STEP_SECONDS } from "../../device";
import { InvalidGrantError, InvalidRequestError, OAuthError } from "../../errors";
import type { DeviceCodeRecord, GrantRecord, OidcStore } from "../../store";
import type { OidcClient } from "../../types";
import { checkUserStillAllowed } from "../checks";
import { checkGrantResource } from "../resource-checks";
import { recordUserTokens, newRefreshToken } from "../issue-user-tokens";
import type { GrantHandler, GrantResult, TokenContext } from "../types";

export const DEVICE_CODE_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 8628 §3.5 error codes, answered 400 like every token error (RFC 6749 §5.2). */
const pollError = (code: "authorization_pending" | "slow_down" | "access_denied" | "expired_token", description: string): GrantResult => ({
  error: new OAuthError(code, description, 400),
});

/**
 * RFC 8628 §3.5: a poll of a code the user has not decided on yet. Faster than the interval (or
 * racing another poll of the same code) is slow_down, and the interval grows by 5 s; the interval
 * and the last poll are stored on the row, so every replica counts the same polls.
 */
async function answerPendingPoll(store: OidcStore, record: DeviceCodeRecord, now: Date): Promise<GrantResult> {
  const tooFast = record.lastPolledAt !== null && now.getTime() - record.lastPolledAt.getTime() < record.intervalSeconds * 1000;
  const interval = tooFast ? record.intervalSeconds + SLOW_DOWN_STEP_SECONDS : record.intervalSeconds;
  const recorded = await store.recordDevicePoll(record.id, record.lastPolledAt, now, interval);
  if (!recorded) {
    await store.slowDownDeviceCode(record.id, SLOW_DOWN_STEP_SECONDS, now);
    return pollError("slow_down", `Polling too fast: wait at least ${record.intervalSeconds + SLOW_DOWN_STEP_SECONDS} seconds between requests.`);
  }
  if (tooFast) return pollError("slow_down", `Polling too fast: wait at least ${interval} seconds between requests.`);
  return pollError("authorization_pending", "The user has not yet approved this device.");
}

/** The approved code's tokens, once: the conditional update decides a race of two polls. */
async function issueForApprovedCode(store: OidcStore, record: DeviceCodeRecord, form: URLSearchParams, client: OidcClient, ctx: TokenContext): Promise<GrantResult> {
  if (!(await store.consumeDeviceCode(record.id))) return { error: new InvalidGrantError("The device code has already been used.") };
  if (!record.userId || !record.authTime) return { error: new InvalidGrantError("The device code is invalid.") };
  // inventory §2.7: the user may have been disabled or left the allowed groups since approving.
  const user = await checkUserStillAllowed(store, record.userId, client);
  if (!("id" in user)) return { error: user };
  // The device is its own login: no browser session (`sid`) of the phone that approved it, so
  // signing out there does not sign the TV out, and back-channel logout does not name it.
  const grantFields = {
    clientId: client.id,
    userId: user.id,
    sessionId: null,
    scope: record.scope,
    nonce: record.nonce,
    amr: record.amr,
    authTime: record.authTime,
    resource: record.resource[0] ?? null,
  };
  const grantId = await store.createGrant({ ...grantFields, expiresAt: record.expiresAt });
  const grant: GrantRecord = { id: grantId, ...grantFields, revokedAt: null };
  // The same API rules as the code exchange (inventory §2.16): the grant's API re-validated now.
  const scope = await checkGrantResource(store, form, client, grant);
  if (!Array.isArray(scope)) return { error: scope };
  const issue = await recordUserTokens({
    scope,
    store,
    ctx,
    client,
    user,
    grant,
    nonce: record.nonce,
    requestedAt: record.createdAt,
    refresh: newRefreshToken(),
  });
  return { issue };
}

/**
 * The checks of one poll, in order (RFC 8628 §3.4-3.5): the code exists and was issued to this
 * client (invalid_grant) → not used yet (invalid_grant) → not expired (expired_token) → not denied
 * (access_denied) → approved: tokens, as the code grant issues them (inventory §2.14), or pending:
 * authorization_pending / slow_down.
 */
async function poll(store: OidcStore, deviceCode: string, form: URLSearchParams, client: OidcClient, ctx: TokenContext): Promise<GrantResult> {
  const record = await store.findDeviceCode(deviceCodeHash(deviceCode));
  // Another client's code reads as unknown: its holder learns nothing, and the code stays usable.
  if (!record || record.clientId !== client.id) return { error: new InvalidGrantError("The device code is invalid.") };
  if (record.status === "consumed") return { error: new InvalidGrantError("The device code has already been used.") };
  if (record.expiresAt <= ctx.now) return pollError("expired_token", "The device code has expired. Start again to get a new code.");
  if (record.status === "denied") return pollError("access_denied", "The user denied the request.");
  if (record.status === "approved") return issueForApprovedCode(store, record, form, client, ctx);
  return answerPendingPoll(store, record, ctx.now);
}

/**
 * urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4). One transaction per poll, so a poll
 * that issues tokens records them with the code's consumption; failures are returned, so the
 * recorded poll time and interval commit.
 */
export const deviceCodeGrant: GrantHandler = async ({ form, client, ctx }) => {
  const deviceCode = form.get("device_code");
  if (!deviceCode) throw new InvalidRequestError("The device_code parameter is missing.");
  const result = await ctx.store.transaction((store) => poll(store, deviceCode, form, client, ctx));
  if ("error" in result) throw result.error;
  return result.issue();
};
