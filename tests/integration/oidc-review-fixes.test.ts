// Protocol defects found by the first review (issue 5 items 6, 7, 8, 11-15), each guarded through the
// real route handlers on SQLite and PostgreSQL: re-authentication by passkey only, code binding and
// replay, bounded parameters, double-submitted consent, id_token_hint audience, RFC 6749/6750 errors.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SignJWT } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req, ctx } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl as sharedAuthorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet, POST as userinfoPost } from "@/app/api/oidc/userinfo/route";
import { GET as endSessionGet } from "@/app/api/oidc/end-session/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import { POST as completeInteraction } from "@/app/api/oidc/interactions/[id]/complete/route";
import { db } from "@/lib/db/client";
import { issueIdToken } from "@/lib/oidc/tokens";
import { signingKey } from "@/lib/keys";
import { verifiedErrorPageContext } from "@/lib/http/error-page-link";

/** The error page's query without its signature, after checking that the signature holds. */
function errorPageQuery(loc: URL): Record<string, string> {
  const q = Object.fromEntries(loc.searchParams);
  const verified = verifiedErrorPageContext(loc.searchParams);
  if (q.client_id || q.redirect_uri) expect(verified).toEqual({ clientId: q.client_id, redirectUri: q.redirect_uri });
  delete q.sig;
  delete q.t;
  return q;
}

const authorizeUrl = (params: Record<string, string> = {}) => sharedAuthorizeUrl(params, "openid profile email");

describe.each(PROVIDERS)("review fixes on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userId: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient({ skipConsent: true, logoutCallbacks: ["https://app.example.com/logged-out"] })).secret!;
  });
  afterEach(async () => t.cleanup());

  const authorize = async (params: Record<string, string>, c: string | undefined = cookie) => location(await authorizeGet(req(authorizeUrl(params), { cookie: c })));
  const getCode = async (params: Record<string, string> = {}) => (await authorize(params)).searchParams.get("code")!;
  function exchange(code: string, extra: Record<string, string> = {}, auth: string | null = basic("test-client", secret)) {
    const form = { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER, ...extra };
    for (const [k, v] of Object.entries(form)) if (v === "") delete (form as Record<string, string>)[k];
    return token(req("/api/oidc/token", { form, headers: auth ? { authorization: auth } : {} }));
  }
  const userinfo = (accessToken: string) => userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${accessToken}` } }));
  /** Parks a request (as the browser's old session would), returns the interaction id. */
  async function park(params: Record<string, string>, c: string | undefined = cookie) {
    const loc = await authorize(params, c);
    expect(loc.pathname).toBe("/interaction");
    return loc.searchParams.get("interaction")!;
  }
  const resume = async (id: string, c: string) => location(await authorizeGet(req(`/authorize?interaction=${encodeURIComponent(id)}`, { cookie: c })));

  describe("item 6: re-authentication needs a passkey assertion made after the request", () => {
    for (const [name, params, setup] of [
      ["prompt=login", { prompt: "login" }, async () => {}],
      ["max_age=0", { max_age: "0" }, async () => {}],
      ["requiresReauthentication", {}, async () => db().oidcClient.update({ where: { id: "test-client" }, data: { requiresReauthentication: true } })],
    ] as const) {
      it(`does not accept a login-code (otp) session made after the request for ${name}`, async () => {
        await setup();
        const id = await park(params);
        const otp = await sessionCookieFor(userId, ["otp"]);
        expect((await resume(id, otp)).pathname).toBe("/interaction");
        const passkey = await sessionCookieFor(userId, ["phr"]);
        expect((await resume(id, passkey)).searchParams.get("code")).toBeTruthy();
      });
    }
    it("lets a recent passkey session satisfy a generous max_age, but not a recent otp session", async () => {
      expect(await getCode({ max_age: "3600" })).toBeTruthy();
      const otp = await sessionCookieFor(userId, ["otp"]);
      expect((await authorize({ max_age: "3600" }, otp)).pathname).toBe("/interaction");
    });
  });

  describe("item 7: code binding and replay", () => {
    it("does not let another client burn a code: invalid_grant, and the owner still redeems it", async () => {
      await seedClient({ id: "spa", isPublic: true });
      const code = await getCode();
      const stolen = await exchange(code, { client_id: "spa" }, null);
      expect(stolen.status).toBe(400);
      expect(await stolen.json()).toMatchObject({ error: "invalid_grant" });
      const owner = await exchange(code);
      expect(owner.status).toBe(200);
      const { access_token } = await owner.json();
      // A replay by the wrong client does not revoke the owner's tokens either.
      expect((await exchange(code, { client_id: "spa" }, null)).status).toBe(400);
      expect((await userinfo(access_token)).status).toBe(200);
      expect(await db().auditLog.count({ where: { event: "AUTHORIZATION_CODE_REUSED" } })).toBe(0);
    });

    it("leaves no usable token when replays race the first redemption", async () => {
      for (let round = 0; round < 3; round++) {
        const code = await getCode();
        const results = await Promise.all([exchange(code), exchange(code), exchange(code)]);
        const ok = results.filter((r) => r.status === 200);
        expect(ok).toHaveLength(1);
        const { access_token } = await ok[0].json();
        const info = await userinfo(access_token);
        expect(info.status).toBe(401);
        expect(info.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
      }
    });
  });

  describe("item 8: bounded authorization parameters", () => {
    for (const [name, value] of [
      ["state", "s".repeat(2049)],
      ["nonce", "n".repeat(513)],
      ["scope", `openid ${"x".repeat(1024)}`],
      ["prompt", Array(20).fill("consent").join(" ")],
      ["login_hint", "h".repeat(17000)],
    ] as const) {
      it(`refuses an over-long ${name} with a redirected invalid_request`, async () => {
        const loc = await authorize({ [name]: value });
        expect(loc.origin + loc.pathname).toBe(CB);
        expect(loc.searchParams.get("error")).toBe("invalid_request");
        expect(loc.searchParams.get("error_description")).toMatch(/too long|at most/i);
      });
    }
    it("accepts parameters at the documented limits", async () => {
      expect(await getCode({ state: "s".repeat(2048), nonce: "n".repeat(512) })).toBeTruthy();
    });
    it("shows the error page for an over-long redirect_uri instead of matching it", async () => {
      const loc = await authorize({ redirect_uri: `${CB}?${"x".repeat(2100)}` });
      expect(loc.pathname).toBe("/interaction/error");
      expect(loc.searchParams.get("error")).toBe("invalid_request");
      expect(loc.searchParams.get("client_id")).toBe("test-client");
      const longClient = await authorize({ client_id: "c".repeat(257) });
      expect(errorPageQuery(longClient)).toEqual({ error: "invalid_request", redirect_uri: CB });
    });
  });

  describe("error page links carry the client and the redirect URI as sent", () => {
    it("names the client and redirect_uri for an unknown client and an unregistered redirect URI", async () => {
      const unknown = await authorize({ client_id: "nope" });
      expect(unknown.pathname).toBe("/interaction/error");
      expect(errorPageQuery(unknown)).toEqual({ error: "invalid_client", client_id: "nope", redirect_uri: CB });
      const wrong = await authorize({ redirect_uri: "https://evil.example.com/cb?a=1&b=2" });
      expect(errorPageQuery(wrong)).toEqual({ error: "invalid_redirect_uri", client_id: "test-client", redirect_uri: "https://evil.example.com/cb?a=1&b=2" });
      const missing = await authorize({ client_id: "" });
      expect(errorPageQuery(missing)).toEqual({ error: "invalid_request", redirect_uri: CB });
    });
  });

  describe("item 11: double-submitted consent and changed client settings", () => {
    beforeEach(async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { skipConsent: false } });
    });
    async function consent(id: string) {
      const res = await completeInteraction(req(`/api/oidc/interactions/${id}/complete`, { json: { step: "consent" }, cookie, headers: { origin: TEST_APP_URL } }), ctx({ id }));
      return res;
    }

    it("shows the expired page, not a server error, when the consent is resumed twice at once", async () => {
      const id = await park({});
      expect((await consent(id)).status).toBe(200);
      const [a, b] = await Promise.all([resume(id, cookie), resume(id, cookie)]);
      const pages = [a, b].map((l) => (l.pathname === "/interaction/error" ? l.searchParams.get("error") : l.searchParams.get("code") ? "code" : l.toString()));
      expect(pages.sort()).toEqual(["code", "interaction_expired"]);
      // Back, then Allow again: the API says the request is gone (the page sends the browser to the expired page).
      const again = await consent(id);
      expect(again.status).toBe(404);
      expect(await again.json()).toMatchObject({ code: "interaction_not_found" });
    });

    it("re-checks the redirect URI when a parked request resumes", async () => {
      const id = await park({});
      expect((await consent(id)).status).toBe(200);
      await db().oidcClient.update({ where: { id: "test-client" }, data: { callbackUrls: JSON.stringify(["https://app.example.com/new-cb"]) } });
      const loc = await resume(id, cookie);
      expect(loc.pathname).toBe("/interaction/error");
      expect(loc.searchParams.get("error")).toBe("invalid_redirect_uri");
      expect(loc.searchParams.get("client_id")).toBe("test-client");
      expect(await db().oauthAuthorizationCode.count()).toBe(0);
    });

    it("does not send a denial to a redirect URI that is no longer registered", async () => {
      const id = await park({});
      await db().oidcClient.update({ where: { id: "test-client" }, data: { callbackUrls: JSON.stringify(["https://app.example.com/new-cb"]) } });
      const res = await completeInteraction(req(`/api/oidc/interactions/${id}/complete`, { json: { step: "deny" }, cookie, headers: { origin: TEST_APP_URL } }), ctx({ id }));
      const { redirectUrl } = await res.json();
      // The denial is answered by /authorize, which re-checks the redirect URI first.
      expect(redirectUrl).toBe(`/authorize?interaction=${id}`);
      const loc = await resume(id, cookie);
      expect(loc.href).not.toContain("app.example.com/cb");
      expect(loc.pathname).toBe("/interaction/error");
    });

    it("re-checks the PKCE policy when a parked request resumes", async () => {
      const id = await park({ code_challenge: "", code_challenge_method: "" });
      expect((await consent(id)).status).toBe(200);
      await db().oidcClient.update({ where: { id: "test-client" }, data: { pkceEnabled: true } });
      const loc = await resume(id, cookie);
      expect(loc.origin + loc.pathname).toBe(CB);
      expect(loc.searchParams.get("error")).toBe("invalid_request");
      expect(loc.searchParams.get("state")).toBe("state-12345");
    });
  });

  describe("item 12: id_token_hint audience", () => {
    async function hintFor(aud: string[]) {
      const key = await signingKey();
      return new SignJWT({ type: "id-token" })
        .setProtectedHeader({ alg: key.alg, kid: key.kid })
        .setIssuer(TEST_APP_URL).setSubject(userId).setAudience(aud).setIssuedAt().setExpirationTime("1h")
        .sign(key.privateKey);
    }
    it("refuses at /authorize a hint issued to another client", async () => {
      const other = (await issueIdToken(await signingKey(), { issuer: TEST_APP_URL, clientId: "other-client", claims: { sub: userId }, authTime: new Date(), amr: ["phr"], now: new Date() })).token;
      const loc = await authorize({ prompt: "none", id_token_hint: other });
      expect(loc.searchParams.get("code")).toBeNull();
      expect(loc.searchParams.get("error")).toBe("invalid_request");
    });
    it("checks every audience of the hint, at /authorize and at end-session", async () => {
      const multi = await hintFor(["other-client", "test-client"]);
      expect((await authorize({ prompt: "none", id_token_hint: multi })).searchParams.get("code")).toBeTruthy();
      await db().userAuthorizedClient.upsert({ where: { userId_clientId: { userId, clientId: "test-client" } }, create: { userId, clientId: "test-client", scope: '["openid"]' }, update: {} });
      const q = new URLSearchParams({ id_token_hint: multi, client_id: "test-client", post_logout_redirect_uri: "https://app.example.com/logged-out" });
      const res = await endSessionGet(req(`/api/oidc/end-session?${q}`, { cookie }));
      expect(res.headers.get("location")).toBe("https://app.example.com/logged-out");
    });
    it("asks for confirmation at end-session when a multi-audience hint does not name the client", async () => {
      await db().userAuthorizedClient.upsert({ where: { userId_clientId: { userId, clientId: "test-client" } }, create: { userId, clientId: "test-client", scope: '["openid"]' }, update: {} });
      const q = new URLSearchParams({ id_token_hint: await hintFor(["test-client", "other-client"]), post_logout_redirect_uri: "https://app.example.com/logged-out" });
      const res = await endSessionGet(req(`/api/oidc/end-session?${q}`, { cookie }));
      expect(res.headers.get("location")).toBe(`${TEST_APP_URL}/logout`);
    });
  });

  describe("item 13: token endpoint edge cases", () => {
    it("answers unsupported_grant_type for grants this server does not implement", async () => {
      for (const grant_type of ["password", "urn:ietf:params:oauth:grant-type:jwt-bearer", "constructor", "toString"]) {
        const res = await token(req("/api/oidc/token", { form: { grant_type }, headers: { authorization: basic("test-client", secret) } }));
        expect(res.status).toBe(400);
        expect(await res.json()).toMatchObject({ error: "unsupported_grant_type" });
      }
    });
    it("lets the token request omit redirect_uri when the authorization request omitted it (one callback, no openid)", async () => {
      const code = await getCode({ redirect_uri: "", scope: "profile" });
      const res = await exchange(code, { redirect_uri: "" });
      expect(res.status).toBe(200);
      expect((await res.json()).scope).toBe("profile");
    });
    it("still refuses another redirect_uri for a code whose request omitted it", async () => {
      const code = await getCode({ redirect_uri: "", scope: "profile" });
      expect(await (await exchange(code, { redirect_uri: "https://app.example.com/other" })).json()).toMatchObject({ error: "invalid_grant" });
      const again = await getCode({ redirect_uri: "", scope: "profile" });
      expect((await exchange(again, { redirect_uri: CB })).status).toBe(200);
    });
    it("requires redirect_uri at the token endpoint when the authorization request sent it", async () => {
      const code = await getCode({ scope: "profile" });
      const res = await exchange(code, { redirect_uri: "" });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_grant" });
    });
  });

  describe("item 14: userinfo per RFC 6750", () => {
    it("refuses a token sent in two places with 400 invalid_request", async () => {
      const { access_token } = await (await exchange(await getCode())).json();
      const res = await userinfoPost(req("/api/oidc/userinfo", { form: { access_token }, headers: { authorization: `Bearer ${access_token}` } }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "invalid_request" });
    });
    it("answers a request without a token with a bare Bearer challenge", async () => {
      const res = await userinfoGet(req("/api/oidc/userinfo"));
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toBe("Bearer");
      expect(await res.text()).not.toContain("error");
    });
    it("keeps invalid_token for a bad token", async () => {
      const res = await userinfo("not-a-token");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    });
  });

  describe("item 15: advertise only what works; nonce entropy", () => {
    it("advertises and releases picture as the profile-picture URL (issue 9 item 2: it now answers a PNG)", async () => {
      const doc = await (await discovery()).json();
      expect(doc.claims_supported).toContain("picture");
      const body = await (await exchange(await getCode())).json();
      const idToken = JSON.parse(Buffer.from(body.id_token.split(".")[1], "base64url").toString());
      expect(idToken.picture).toBe(`${TEST_APP_URL}/api/users/${idToken.sub}/profile-picture.png`);
      expect(idToken.name).toBe("Alice Tester");
      expect((await (await userinfo(body.access_token)).json()).picture).toBe(idToken.picture);
      expect(body.scope).toBe("openid profile email");
    });
    it("refuses a nonce shorter than 8 characters with a redirected invalid_request that says why", async () => {
      const loc = await authorize({ nonce: "short" });
      expect(loc.origin + loc.pathname).toBe(CB);
      expect(loc.searchParams.get("error")).toBe("invalid_request");
      expect(loc.searchParams.get("error_description")).toMatch(/nonce.*8 characters/);
      expect(loc.searchParams.get("state")).toBe("state-12345");
    });
  });
});
