import { consentKeys } from "../resource";
import type { AuthorizeParams, OidcClient, OidcSession, OidcUser } from "../types";

/** The interaction steps, always in this order (inventory §2.3). */
export const STEP_ORDER = ["authenticate", "select_account", "reauthenticate", "consent"] as const;
export type InteractionStep = (typeof STEP_ORDER)[number];

export interface StepState {
  /** Steps still to do, in order; empty = the code can be issued. */
  steps: InteractionStep[];
  /** Scopes the consent screen lists. */
  scopes: string[];
  /** The request's id_token_hint names another user than the signed-in one: sign in as that user. */
  otherAccount?: boolean;
}

/**
 * What the user still has to do for this request (inventory §2.3), one pure function used by
 * /authorize, the interaction page and the device approval page so they always agree.
 *
 * - authenticate: no live session, or the RP named another user (id_token_hint).
 * - select_account (prompt=select_account): the user confirms the account or switches; a sign-in
 *   made during this request counts as choosing that account.
 * - reauthenticate (prompt=login, client.requiresReauthentication, max_age exceeded): satisfied
 *   only by a passkey assertion (`amr` includes "phr") made after the request was made. A session
 *   from setup or a login code (`otp`) is never a fresh proof of the passkey (DESIGN "Step-up";
 *   Pocket ID advisory GHSA-hp74-gm6m-2qm5). For max_age, a session that did not come from a
 *   passkey has no known passkey authentication time, so it counts as too old (OIDC Core §3.1.2.1).
 * - consent: a requested scope was never granted to this client (union memory, §2.4), or
 *   prompt=consent; skipped for skipConsent clients unless prompt=consent. Once confirmed in this
 *   interaction by this user it is done.
 */
export function evaluateSteps(input: {
  params: Pick<AuthorizeParams, "prompt" | "max_age" | "scope" | "id_token_hint_sub" | "resource">;
  client: Pick<OidcClient, "requiresReauthentication" | "skipConsent">;
  session: OidcSession | null;
  consent: string[] | null;
  requestedAt: Date;
  /** The user who consented in this interaction, if any. */
  confirmedUserId: string | null;
  /** The user who confirmed the account in this interaction, if any. */
  selectedUserId?: string | null;
  now: Date;
}): StepState {
  const { params, client, session } = input;
  const scopes = params.scope;
  // What follows sign-in depends on who signs in: computed again then.
  if (!session) return { steps: ["authenticate"], scopes };
  // The RP named the user it expects; another signed-in user must not be answered silently.
  if (params.id_token_hint_sub && params.id_token_hint_sub !== session.userId) return { steps: ["authenticate"], scopes, otherAccount: true };

  const steps: InteractionStep[] = [];
  const signedInDuringRequest = session.authTime.getTime() >= input.requestedAt.getTime();
  if (params.prompt.includes("select_account") && input.selectedUserId !== session.userId && !signedInDuringRequest) steps.push("select_account");

  const byPasskey = session.amr.includes("phr");
  const freshPasskey = byPasskey && signedInDuringRequest;
  const maxAgeExceeded = params.max_age !== undefined && (!byPasskey || input.now.getTime() - session.authTime.getTime() > params.max_age * 1000);
  const reauth = params.prompt.includes("login") || client.requiresReauthentication || maxAgeExceeded;
  if (reauth && !freshPasskey) steps.push("reauthenticate");

  // API permissions count per API, and reaching an API at all needs consent once (inventory §2.16).
  const needed = consentKeys(scopes, params.resource?.[0]);
  const consentMissing = !input.consent || needed.some((s) => !input.consent!.includes(s));
  const consentNeeded = params.prompt.includes("consent") || (!client.skipConsent && consentMissing);
  if (consentNeeded && input.confirmedUserId !== session.userId) steps.push("consent");
  return { steps, scopes };
}

/** Inventory §2.18 isGroupRestricted: false = everyone; true = members of an allowed group; no group = nobody. */
export function isAllowedUser(user: Pick<OidcUser, "groups">, client: Pick<OidcClient, "isGroupRestricted" | "allowedGroupIds">): boolean {
  if (!client.isGroupRestricted) return true;
  return user.groups.some((g) => client.allowedGroupIds.includes(g.id));
}
