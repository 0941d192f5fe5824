// The interaction steps (inventory §2.3): their fixed order, what satisfies each (a fresh passkey
// only for re-authentication, never a login code), select_account, skipConsent and consent memory.
import { describe, expect, it } from "vitest";
import { evaluateSteps, isAllowedUser } from "@/lib/oidc/authorize";
import type { AuthorizeParams, OidcClient } from "@/lib/oidc/types";

const client: OidcClient = { id: "c", name: "C", isPublic: false, pkceEnabled: false, callbackUrls: [], logoutCallbackUrls: [], requiresReauthentication: false, skipConsent: false, isGroupRestricted: false, allowedGroupIds: [], accessTokenDurationMinutes: 60, refreshTokenDurationMinutes: 43200, federatedIdentities: [], jwks: null, jwksUri: null };
const params: AuthorizeParams = { client_id: "c", redirect_uri: "https://x", response_type: "code", response_mode: "query", scope: ["openid", "email"], state: "12345678", prompt: [] };
const now = new Date("2026-01-01T12:00:00Z");
const session = { userId: "u1", amr: ["phr"], authTime: new Date("2026-01-01T11:00:00Z") };
const base = { params, client, session, consent: null, requestedAt: now, confirmedUserId: null, now };
const after = new Date(now.getTime() + 5000);
const steps = (over: Partial<Parameters<typeof evaluateSteps>[0]>) => evaluateSteps({ ...base, ...over }).steps;

describe("evaluateSteps", () => {
  it("asks for sign-in without a session, consent without a stored grant, nothing once all was granted", () => {
    expect(steps({ session: null })).toEqual(["authenticate"]);
    expect(steps({})).toEqual(["consent"]);
    expect(steps({ consent: ["openid", "email"] })).toEqual([]);
    expect(steps({ consent: ["openid"] })).toEqual(["consent"]);
  });
  it("remembers consent as a union: a subset of what was granted needs none", () => {
    expect(steps({ consent: ["openid", "email", "profile"], params: { ...params, scope: ["openid"] } })).toEqual([]);
  });
  it("keeps the fixed order select_account → reauthenticate → consent", () => {
    const p = { ...params, prompt: ["select_account", "login"] };
    expect(steps({ params: p })).toEqual(["select_account", "reauthenticate", "consent"]);
    expect(steps({ params: p, selectedUserId: "u1" })).toEqual(["reauthenticate", "consent"]);
    expect(steps({ params: p, selectedUserId: "u1", confirmedUserId: "u1" })).toEqual(["reauthenticate"]);
  });
  it("select_account: confirmed by this user, or by signing in during the request; not by another user's choice", () => {
    const p = { ...params, prompt: ["select_account"] };
    const consent = ["openid", "email"];
    expect(steps({ params: p, consent })).toEqual(["select_account"]);
    expect(steps({ params: p, consent, selectedUserId: "u1" })).toEqual([]);
    expect(steps({ params: p, consent, selectedUserId: "u2" })).toEqual(["select_account"]);
    expect(steps({ params: p, consent, session: { ...session, authTime: after } })).toEqual([]);
  });
  it("forces a fresh passkey for prompt=login, max_age and re-authenticating clients", () => {
    const granted = { consent: ["openid", "email"] };
    expect(steps({ ...granted, params: { ...params, prompt: ["login"] } })).toEqual(["reauthenticate"]);
    expect(steps({ ...granted, params: { ...params, max_age: 60 } })).toEqual(["reauthenticate"]);
    expect(steps({ ...granted, params: { ...params, max_age: 7200 } })).toEqual([]);
    expect(steps({ ...granted, client: { ...client, requiresReauthentication: true } })).toEqual(["reauthenticate"]);
    expect(steps({ ...granted, session: { ...session, authTime: after }, params: { ...params, prompt: ["login"] } })).toEqual([]);
  });
  it("accepts only a passkey assertion (amr phr) as re-authentication, never a login code or setup session", () => {
    for (const amr of [["otp"], []]) {
      const fresh = { ...session, amr, authTime: after };
      expect(steps({ session: fresh, consent: ["openid", "email"], params: { ...params, prompt: ["login"] } })).toEqual(["reauthenticate"]);
      expect(steps({ session: fresh, consent: ["openid", "email"], client: { ...client, requiresReauthentication: true } })).toEqual(["reauthenticate"]);
      expect(steps({ session: fresh, consent: ["openid", "email"], params: { ...params, max_age: 7200 } })).toEqual(["reauthenticate"]);
    }
    expect(steps({ session: { ...session, authTime: after }, consent: ["openid", "email"], client: { ...client, requiresReauthentication: true } })).toEqual([]);
  });
  it("honours skipConsent unless prompt=consent, and a confirmation only by the same user", () => {
    expect(steps({ client: { ...client, skipConsent: true } })).toEqual([]);
    expect(steps({ client: { ...client, skipConsent: true }, params: { ...params, prompt: ["consent"] } })).toEqual(["consent"]);
    expect(steps({ confirmedUserId: "u1" })).toEqual([]);
    expect(steps({ confirmedUserId: "someone-else" })).toEqual(["consent"]);
  });
  it("sends another signed-in user back to sign-in when the id_token_hint names someone else", () => {
    expect(evaluateSteps({ ...base, params: { ...params, id_token_hint_sub: "u2" } })).toMatchObject({ steps: ["authenticate"], otherAccount: true });
  });
});

describe("isAllowedUser (isGroupRestricted)", () => {
  const user = { groups: [{ id: "g1", name: "staff" }] };
  it("lets everyone in when unrestricted, members when restricted, nobody when restricted to no group", () => {
    expect(isAllowedUser(user, { isGroupRestricted: false, allowedGroupIds: [] })).toBe(true);
    expect(isAllowedUser(user, { isGroupRestricted: true, allowedGroupIds: ["g1"] })).toBe(true);
    expect(isAllowedUser(user, { isGroupRestricted: true, allowedGroupIds: ["g2"] })).toBe(false);
    expect(isAllowedUser(user, { isGroupRestricted: true, allowedGroupIds: [] })).toBe(false);
  });
});
