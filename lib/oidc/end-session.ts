import { matchRedirectUri } from "./redirect-uri";
import type { OidcStore } from "./store";
import { verifyIdTokenHint } from "./tokens";
import type { SigningKey } from "./types";

/** The login a verified hint names: its user, its browser session (`sid`) and the ID token's `jti`. */
export interface HintedLogin {
  userId: string;
  sid?: string;
  jti?: string;
}

export type EndSessionOutcome =
  /** Redirect to the client's registered post-logout URI after ending the user's session. */
  | ({ type: "redirect"; url: string } & HintedLogin)
  /**
   * A verified request that named no post_logout_redirect_uri: end the user's session and show our
   * signed-out page.
   */
  | ({ type: "signed_out" } & HintedLogin)
  /** No verifiable request: ask the user on our /logout page (never an open redirect). */
  | { type: "confirm" };

/**
 * RP-initiated logout (OIDC RP-Initiated Logout 1.0 §2-3; inventory §2.13). Only an ID token we
 * issued (expired ones included) for a client the user authorized, whose post_logout_redirect_uri
 * is registered, may send the browser back to the client; everything else ends on /logout.
 */
export async function endSession(
  params: URLSearchParams,
  ctx: { store: OidcStore; issuer: string; keys: SigningKey[]; sessionUserId: string | null },
): Promise<EndSessionOutcome> {
  const hint = params.get("id_token_hint");
  if (!hint) return { type: "confirm" };
  const verified = await verifyIdTokenHint(ctx.keys, hint, ctx.issuer);
  if (!verified) return { type: "confirm" };
  const { sub, aud } = verified;
  const login: HintedLogin = { userId: sub, ...(verified.sid ? { sid: verified.sid } : {}), ...(verified.jti ? { jti: verified.jti } : {}) };
  // RP-Initiated Logout §2: client_id, when sent, must be an audience of the hint; without it the
  // hint must name exactly one client, or we cannot tell whose logout URIs apply.
  const clientId = params.get("client_id") || (aud.length === 1 ? aud[0] : null);
  if (!clientId || !aud.includes(clientId)) return { type: "confirm" };
  if (ctx.sessionUserId && ctx.sessionUserId !== sub) return { type: "confirm" };
  const client = await ctx.store.findClient(clientId);
  if (!client || !(await ctx.store.findConsent(sub, client.id))) return { type: "confirm" };

  const requested = params.get("post_logout_redirect_uri");
  // RP-Initiated Logout §3: the OP redirects only to the URI the request named. Pocket ID falls back
  // to the first registered logout URL; the conformance suite's
  // oidcc-rp-initiated-logout-no-post-logout-redirect-uri fails an OP that does, so we sign out here.
  if (!requested) return { type: "signed_out", ...login };
  if (!matchRedirectUri(client.logoutCallbackUrls, requested)) return { type: "confirm" };
  const url = new URL(requested);
  const state = params.get("state");
  if (state) url.searchParams.set("state", state);
  return { type: "redirect", url: url.toString(), ...login };
}
