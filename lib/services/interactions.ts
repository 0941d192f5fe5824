import { z } from "zod";
// Loads the sentence-per-issue zod configuration before this module's schema is used.
import "./validation";
import { db } from "../db/client";
import { prismaOidcStore } from "../db/oidc-store";
import { env } from "../config/env";
import { AppError } from "../errors";
import { checkResumedRequest, evaluateSteps, isAllowedUser } from "../oidc/authorize";
import { apiPermissionKeys } from "../oidc/resource";
import type { AuthorizeParams, OidcClient } from "../oidc/types";
import type { LoadedSession } from "../auth/session";
import { unverifiedClientHost } from "../oidc/cimd";

/**
 * Whether a parked request still fits the client's current settings (issue 5 item 11). When it
 * does not, /authorize reports it (its error page, or a redirect to the still-registered URI).
 */
function isStale(params: AuthorizeParams, client: OidcClient): boolean {
  try {
    checkResumedRequest(params, client, env().allowInsecureCallbackUrls);
    return false;
  } catch {
    return true;
  }
}

const asOidcSession = (s: LoadedSession | null) => s && { id: s.id, userId: s.userId, amr: s.amr, authTime: s.authTime };

/**
 * The state of a parked authorization request (inventory §2.3): its client, the steps still owed
 * in order (authenticate → select_account → reauthenticate → consent) and, once the user is known,
 * whether the client's group restriction lets them in. Recomputed from the stored row and the
 * session on every call, so the request resumes wherever the user left it.
 */
export async function describeInteraction(id: string, session: LoadedSession | null, now = new Date()) {
  const store = prismaOidcStore(db());
  const interaction = await store.loadInteraction(id, now);
  if (!interaction) return null;
  const client = await store.findClient(interaction.params.client_id);
  if (!client) return null;
  const consent = session ? await store.findConsent(session.userId, client.id) : null;
  const state = evaluateSteps({
    params: interaction.params,
    client,
    session: asOidcSession(session),
    consent,
    requestedAt: interaction.requestedAt,
    confirmedUserId: interaction.confirmedUserId,
    selectedUserId: interaction.selectedUserId,
    now,
  });
  const currentStep = state.steps[0] ?? null;
  // Inventory §1.5/§2.16: the API permissions asked for, by their friendly names; an API reached
  // without any permission still shows ("Access an API on your behalf").
  const audience = interaction.params.resource?.[0] ?? null;
  const permissionKeys = apiPermissionKeys(state.scopes);
  const described = audience ? await store.describeApiPermissions(audience, permissionKeys) : [];
  const scopeInfo = permissionKeys.map((key) => {
    const d = described.find((x) => x.key === key);
    return { key, name: d?.name ?? key, description: d?.description ?? "" };
  });
  const userKnown = !!session && currentStep !== "authenticate" && currentStep !== "select_account";
  const user = userKnown ? await store.findUser(session.userId) : null;
  return {
    id: interaction.id,
    /** `unverifiedHost`: a CIMD client (inventory §2.17), named by its own document; the host it came from. */
    client: { id: client.id, name: client.name, unverifiedHost: unverifiedClientHost(client), hasLogo: !!client.hasLogo, hasDarkLogo: !!client.hasDarkLogo },
    scopes: state.scopes,
    scopeInfo,
    /** The API the access token will be for (RFC 8707), when the app asked for one. */
    apiAccess: !!audience,
    requiredSteps: state.steps,
    currentStep,
    otherAccount: !!state.otherAccount,
    /** Who is signed in, for the account and denial screens. */
    signedInAs: session ? { username: session.user.username, name: `${session.user.firstName} ${session.user.lastName}`.trim() || session.user.username } : null,
    /** Inventory §2.2: the client's group restriction keeps this user out (shown here, never sent to the client). */
    denied: !!user && !isAllowedUser(user, client),
    /** The client's settings changed since the request: no sign-in or consent, let /authorize say why. */
    stale: isStale(interaction.params, client),
  };
}

export const completeInputSchema = z.object({ step: z.enum(["select_account", "consent", "deny"]) }).strict();

/**
 * The user's answer to a step (Pocket ID's POST /api/oidc/interactions/:id/complete). The step
 * must be the current one (another tab may have moved on). "select_account" confirms the signed-in
 * account, "consent" grants the listed scopes; both send the browser back to /authorize, which
 * recomputes what is left. "deny" (Cancel) ends the request with access_denied at the client
 * (RFC 6749 §4.1.2.1), which Pocket ID does not do but every client expects.
 */
export async function completeInteraction(id: string, step: "select_account" | "consent" | "deny", session: LoadedSession) {
  const store = prismaOidcStore(db());
  const now = new Date();
  const interaction = await store.loadInteraction(id, now);
  if (!interaction) throw new AppError("interaction_not_found");
  const resume = { redirectUrl: `/authorize?interaction=${encodeURIComponent(id)}` };
  if (step === "deny") {
    // /authorize answers access_denied in the request's response mode (form_post too) and only
    // to a redirect URI that is still registered (DESIGN rule 3).
    await store.denyInteraction(id);
    return resume;
  }
  const description = await describeInteraction(id, session, now);
  if (!description || description.currentStep !== step) throw new AppError("interaction_step_mismatch");
  if (step === "select_account") await store.selectAccount(id, session.userId);
  else await store.confirmInteraction(id, session.userId);
  return resume;
}
