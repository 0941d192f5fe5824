import { z } from "zod";
// Loads the sentence-per-issue zod configuration before this module's schema is used.
import "./validation";
import { db } from "../db/client";
import { prismaOidcStore } from "../db/oidc-store";
import { env } from "../config/env";
import { AppError } from "../errors";
import { signErrorPagePath } from "../http/error-page-link";
import { checkResumedRequest, clientRedirect, errorPagePath, evaluateRequirements } from "../oidc/authorize";
import { UnsafeRedirectError } from "../oidc/errors";
import type { AuthorizeParams, OidcClient } from "../oidc/types";
import type { LoadedSession } from "../auth/session";

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

/** What the interaction page shows for a parked authorization request (inventory §2.3). */
export async function describeInteraction(id: string, session: LoadedSession | null, now = new Date()) {
  const store = prismaOidcStore(db());
  const interaction = await store.loadInteraction(id, now);
  if (!interaction) return null;
  const client = await store.findClient(interaction.params.client_id);
  if (!client) return null;
  const consent = session ? await store.findConsent(session.userId, client.id) : null;
  const req = evaluateRequirements({
    params: interaction.params,
    client,
    session: session && { userId: session.userId, amr: session.amr, authTime: session.authTime },
    consent,
    requestedAt: interaction.requestedAt,
    confirmedUserId: interaction.confirmedUserId,
    now,
  });
  return {
    id: interaction.id,
    client: { id: client.id, name: client.name },
    reauthentication: !!session && req.needsAuthentication && !req.otherAccount,
    /** Who is signed in, when the app asked for someone else (id_token_hint). */
    signedInAs: req.otherAccount ? session?.user.username ?? null : null,
    /** The client's settings changed since the request: no sign-in or consent, let /authorize say why. */
    stale: isStale(interaction.params, client),
    ...req,
  };
}

export const completeInputSchema = z.object({ step: z.enum(["consent", "deny"]) }).strict();

/**
 * The user's answer on the consent screen. "consent" marks the interaction confirmed by this user
 * and sends the browser back to /authorize; "deny" ends the request with access_denied at the
 * client (RFC 6749 §4.1.2.1), which Pocket ID does not do but every client expects.
 */
export async function completeInteraction(id: string, step: "consent" | "deny", session: LoadedSession) {
  const store = prismaOidcStore(db());
  const interaction = await store.loadInteraction(id, new Date());
  if (!interaction) throw new AppError("interaction_not_found");
  if (step === "deny") {
    const { params } = interaction;
    await db().oauthInteraction.deleteMany({ where: { id } });
    const client = await store.findClient(params.client_id);
    const known = { clientId: params.client_id, redirectUri: params.redirect_uri_sent === false ? undefined : params.redirect_uri };
    if (!client) return { redirectUrl: signErrorPagePath(errorPagePath({ error: "invalid_client", ...known })) };
    try {
      // DESIGN rule 3: the denial goes only to a redirect URI that is still registered.
      checkResumedRequest(params, client, env().allowInsecureCallbackUrls);
    } catch (e) {
      if (e instanceof UnsafeRedirectError) return { redirectUrl: signErrorPagePath(errorPagePath({ error: e.error, ...known })) };
      // A changed PKCE policy does not matter for a denial.
    }
    return {
      redirectUrl: clientRedirect(
        params,
        { error: "access_denied", error_description: "The user denied the request.", state: params.state },
        env().appUrl,
      ),
    };
  }
  await store.confirmInteraction(id, session.userId);
  return { redirectUrl: `/authorize?interaction=${encodeURIComponent(id)}` };
}
