// RFC 9700 (OAuth 2.0 Security Best Current Practice) refusals an authorization server must make
// (peer-anchors §3d): each test is an attacker's or a careless client's request against the
// running server, and the refusal a client or user would see.
import { beforeAll, describe, expect, it } from "vitest";
import {
  Browser, ISSUER, adminBrowser, authorize, authorizeToCallback, basicAuth, checkedFetch, discover, exchange, expectOAuthError,
  oidc, registerClient, startFlow, tokenRequest, type RegisteredClient,
} from "./helpers/op";

let admin: Browser;
let clientA: RegisteredClient;
let clientB: RegisteredClient;
let configA: oidc.Configuration;
let user: Browser;

beforeAll(async () => {
  admin = await adminBrowser();
  clientA = await registerClient(admin, { callbackURLs: [`https://rp-a.example.com/callback`] });
  clientB = await registerClient(admin, { callbackURLs: [`https://rp-b.example.com/callback`] });
  configA = await discover(clientA);
  user = new Browser();
  await user.signIn();
});

/** A code for client A (PKCE unless `pkce` is false), and its verifier. */
async function codeForA(extra: Record<string, string> = {}) {
  const flow = await startFlow(configA, clientA, extra);
  const callback = await authorizeToCallback(user, flow.url);
  return { code: callback.searchParams.get("code")!, flow, callback };
}

function redeem(client: RegisteredClient, form: Record<string, string>) {
  return tokenRequest({ grant_type: "authorization_code", redirect_uri: client.callback, ...form }, { authorization: basicAuth(client.id, client.secret!) });
}

function authorizeUrl(params: Record<string, string>) {
  const url = new URL(`${ISSUER()}/authorize`);
  url.search = new URLSearchParams({ response_type: "code", scope: "openid", state: "attacker-state-1", ...params }).toString();
  return url;
}

describe("RFC 9700 refusals", () => {
  describe("no open redirector (§2.1, §4.11; RFC 6749 §4.1.2.1)", () => {
    it("an unknown client_id with an attacker's redirect_uri ends on our error page", async () => {
      const result = await authorize(user, authorizeUrl({ client_id: "no-such-client", redirect_uri: "https://evil.example.com/cb" }));
      expect(result).toMatchObject({ type: "error_page", error: "invalid_client" });
    });

    it("an unregistered redirect_uri ends on our error page, also with prompt=none and with other errors in the request", async () => {
      for (const extra of [{} as Record<string, string>, { prompt: "none" }, { response_type: "token" }, { prompt: "none login" }, { scope: "openid", code_challenge_method: "S256" }]) {
        const result = await authorize(new Browser(), authorizeUrl({ client_id: clientA.id, redirect_uri: "https://evil.example.com/cb", ...extra }));
        expect(result, JSON.stringify(extra)).toMatchObject({ type: "error_page", error: "invalid_redirect_uri" });
      }
    });

    it("a missing redirect_uri with scope openid ends on our error page (OIDC Core §3.1.2.1)", async () => {
      const result = await authorize(user, authorizeUrl({ client_id: clientA.id }));
      expect(result).toMatchObject({ type: "error_page", error: "invalid_request" });
    });
  });

  describe("exact redirect URI matching (§2.1, §4.1.3)", () => {
    const registered = "https://rp-a.example.com/callback";
    const variants = [
      `${registered}/`,
      `${registered}?extra=1`,
      "https://rp-a.example.com/Callback",
      "https://rp-a.example.com/callback/../callback",
      "http://rp-a.example.com/callback",
      "https://rp-a.example.com:8443/callback",
      "https://evil.rp-a.example.com/callback",
      "https://rp-a.example.com.evil.example/callback",
      "https://rp-a.example.com@evil.example/callback",
      "https://evil.example/?https://rp-a.example.com/callback",
      `${registered}%2F..%2Fother`,
    ];
    it.each(variants)("refuses %s (registered: https://rp-a.example.com/callback)", async (variant) => {
      const result = await authorize(user, authorizeUrl({ client_id: clientA.id, redirect_uri: variant }));
      expect(result).toMatchObject({ type: "error_page", error: "invalid_redirect_uri" });
    });
  });

  describe("PKCE (§2.1.1, §4.8)", () => {
    it("refuses a code_verifier for a code whose request had no code_challenge (PKCE downgrade)", async () => {
      const { code } = await codeForA({ code_challenge: "", code_challenge_method: "" });
      await expectOAuthError(await redeem(clientA, { code, code_verifier: oidc.randomPKCECodeVerifier() }), 400, "invalid_grant");
    });

    it("refuses a code without its code_verifier, and with a wrong one", async () => {
      const first = await codeForA();
      await expectOAuthError(await redeem(clientA, { code: first.code }), 400, "invalid_grant");
      const second = await codeForA();
      await expectOAuthError(await redeem(clientA, { code: second.code, code_verifier: oidc.randomPKCECodeVerifier() }), 400, "invalid_grant");
    });

    it("a public client must send a code_challenge: the error goes to its redirect URI", async () => {
      const pub = await registerClient(admin, { isPublic: true, callbackURLs: ["https://spa.example.com/cb"] });
      const callback = await authorizeToCallback(user, authorizeUrl({ client_id: pub.id, redirect_uri: pub.callback }));
      expect(callback.searchParams.get("error")).toBe("invalid_request");
      expect(callback.searchParams.get("state")).toBe("attacker-state-1");
      expect(callback.searchParams.get("iss")).toBe(ISSUER());
    });

    it("discovery advertises S256", async () => {
      expect(configA.serverMetadata().code_challenge_methods_supported).toContain("S256");
    });
  });

  describe("authorization code injection (§4.5)", () => {
    it("refuses a code issued to client A when client B redeems it", async () => {
      const { code, flow } = await codeForA();
      await expectOAuthError(await redeem(clientB, { code, code_verifier: flow.verifier }), 400, "invalid_grant");
    });

    it("refuses a code redeemed with another redirect_uri than it was issued for", async () => {
      const { code, flow } = await codeForA();
      await expectOAuthError(await redeem(clientA, { code, code_verifier: flow.verifier, redirect_uri: "https://rp-a.example.com/other" }), 400, "invalid_grant");
    });

    it("a stolen code without the victim's verifier is useless, and a replay revokes what it issued", async () => {
      const { code, flow, callback } = await codeForA();
      await expectOAuthError(await redeem(clientA, { code, code_verifier: oidc.randomPKCECodeVerifier() }), 400, "invalid_grant");
      // The failed attempt consumed the code: the victim's own redemption is refused too, rather
      // than the code staying usable for further guesses.
      const err = await exchange(configA, callback, flow).catch((e) => e);
      expect(err).toBeInstanceOf(oidc.ResponseBodyError);
      expect(err.error).toBe("invalid_grant");
    });
  });

  describe("mix-up defence: the issuer in every authorization response (§4.4, RFC 9207)", () => {
    it("discovery advertises authorization_response_iss_parameter_supported", async () => {
      expect(configA.serverMetadata().authorization_response_iss_parameter_supported).toBe(true);
    });

    it("success, error and denial responses all carry iss", async () => {
      const success = (await codeForA()).callback;
      expect(success.searchParams.get("iss")).toBe(ISSUER());
      const flow = await startFlow(configA, clientA, { prompt: "none" });
      const error = await authorizeToCallback(new Browser(), flow.url);
      expect(error.searchParams.get("error")).toBe("login_required");
      expect(error.searchParams.get("iss")).toBe(ISSUER());
      const consent = await registerClient(admin, { skipConsent: false, callbackURLs: ["https://consent.example.com/cb"] });
      const denied = await authorizeToCallback(user, (await startFlow(await discover(consent), consent)).url, { deny: true });
      expect(denied.searchParams.get("error")).toBe("access_denied");
      expect(denied.searchParams.get("iss")).toBe(ISSUER());
    });

    it("a client library refuses a response that names another issuer", async () => {
      const { callback, flow } = await codeForA();
      callback.searchParams.set("iss", "https://attacker.example.com");
      const err = await exchange(configA, callback, flow).catch((e) => e);
      expect(err).toBeInstanceOf(Error);
      expect(`${err.message} ${err.cause?.message ?? ""}`).toMatch(/"iss"/);
    });
  });

  describe("refresh-token rotation and reuse (§2.2.2, §4.14)", () => {
    it("each refresh rotates the token, and replaying a rotated one (after the grace) revokes the whole family", async () => {
      const { callback, flow } = await codeForA();
      const first = await exchange(configA, callback, flow);
      const second = await oidc.refreshTokenGrant(configA, first.refresh_token!);
      expect(second.refresh_token).not.toBe(first.refresh_token);
      // Outside the short reuse grace (a few seconds, for concurrent refreshes) a replay is theft.
      await new Promise((r) => setTimeout(r, 3500));
      const replay = await tokenRequest({ grant_type: "refresh_token", refresh_token: first.refresh_token! }, { authorization: basicAuth(clientA.id, clientA.secret!) });
      await expectOAuthError(replay, 400, "invalid_grant");
      // The successor and its access token died with the family.
      const successor = await tokenRequest({ grant_type: "refresh_token", refresh_token: second.refresh_token! }, { authorization: basicAuth(clientA.id, clientA.secret!) });
      await expectOAuthError(successor, 400, "invalid_grant");
      const info = await checkedFetch(configA.serverMetadata().userinfo_endpoint!, { headers: { authorization: `Bearer ${second.access_token}` } });
      expect(info.status).toBe(401);
    });
  });

  describe("browser-facing hardening (§4.12, §4.16, §2.6)", () => {
    it("a POSTed authorization request is answered with 303, never 307", async () => {
      const flow = await startFlow(configA, clientA);
      const res = await user.request("/authorize", { form: { ...flow.params, client_id: clientA.id, response_type: "code" } });
      expect(res.status).toBe(303);
    });

    it("the authorization endpoint sends no CORS headers", async () => {
      const flow = await startFlow(configA, clientA);
      const res = await checkedFetch(flow.url, { headers: { origin: "https://evil.example.com" }, redirect: "manual" });
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      const preflight = await checkedFetch(`${ISSUER()}/authorize`, { method: "OPTIONS", headers: { origin: "https://evil.example.com", "access-control-request-method": "POST" } });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("sign-in, consent and error pages cannot be framed", async () => {
      const consent = await registerClient(admin, { skipConsent: false, callbackURLs: ["https://frame.example.com/cb"] });
      const first = await user.request((await startFlow(await discover(consent), consent)).url);
      const interaction = new URL(first.headers.get("location")!, ISSUER());
      expect(interaction.pathname).toBe("/interaction");
      const signedOut = new Browser();
      for (const [browser, path] of [[user, interaction.pathname + interaction.search], [signedOut, "/login"], [signedOut, "/interaction/error?error=invalid_request"]] as const) {
        const page = await browser.request(path);
        expect(page.status, path).toBe(200);
        expect(page.headers.get("content-security-policy"), path).toContain("frame-ancestors 'none'");
      }
    });
  });
});
