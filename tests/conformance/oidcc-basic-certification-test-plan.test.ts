// OpenID conformance suite, plan `oidcc-basic-certification-test-plan` (Basic OP: response_type
// code, client_secret_basic): one test per module, named as the suite names it (peer-anchors §3a),
// each a relying party (openid-client, or raw HTTP where it must misbehave) against the running server.
import { beforeAll, describe, expect, it } from "vitest";
import { createRemoteJWKSet, jwtVerify, UnsecuredJWT } from "jose";
import {
  Browser, ISSUER, adminBrowser, authorize, authorizeToCallback, basicAuth, checkedFetch, discover, exchange, expectOAuthError,
  jwtHeader, lastResponse, oidc, registerClient, sleep, startFlow, tokenRequest, type RegisteredClient,
} from "./helpers/op";

let admin: Browser;
let client: RegisteredClient;
let config: oidc.Configuration;
let discovery: Record<string, unknown>;

beforeAll(async () => {
  admin = await adminBrowser();
  client = await registerClient(admin);
  config = await discover(client);
  discovery = config.serverMetadata() as Record<string, unknown>;
});

/** A browser signed in with the passkey: the user of these modules. */
async function user() {
  const browser = new Browser();
  await browser.signIn();
  return browser;
}

/** A complete code flow in `browser`, returning openid-client's tokens and the flow. */
async function codeFlow(browser: Browser, extra: Record<string, string> = {}, choices?: Parameters<typeof authorize>[2]) {
  const flow = await startFlow(config, client, extra);
  const callback = await authorizeToCallback(browser, flow.url, choices);
  const tokens = await exchange(config, callback, { verifier: flow.verifier, state: flow.state, nonce: flow.params.nonce });
  return { flow, callback, tokens, claims: tokens.claims()! };
}

/** The callback of a request whose error must come back to the client, with state and iss. */
async function expectErrorRedirect(browser: Browser, url: URL | string, state: string, errors: string[]) {
  const callback = await authorizeToCallback(browser, url);
  expect(callback.origin + callback.pathname).toBe(client.callback);
  expect(errors).toContain(callback.searchParams.get("error"));
  expect(callback.searchParams.get("state")).toBe(state);
  expect(callback.searchParams.get("iss")).toBe(ISSUER());
  expect(callback.searchParams.get("code")).toBeNull();
  return callback;
}

describe("oidcc-basic-certification-test-plan", () => {
  it("oidcc-server", async () => {
    const { callback, tokens, claims, flow } = await codeFlow(await user());
    // RFC 9207: the authorization response names the issuer (openid-client has validated it too).
    expect(callback.searchParams.get("iss")).toBe(ISSUER());
    const tokenResponse = lastResponse.get("/api/oidc/token")!;
    expect(tokenResponse.status).toBe(200);
    expect(tokenResponse.headers.get("content-type")).toMatch(/^application\/json/);
    expect(tokenResponse.headers.get("cache-control")).toContain("no-store");
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(claims.iss).toBe(ISSUER());
    expect([claims.aud].flat()).toContain(client.id);
    expect(claims.nonce).toBe(flow.nonce);
    expect(claims.exp).toBeGreaterThan(claims.iat);
    expect(typeof claims.sub).toBe("string");
    const { keys } = await (await checkedFetch(discovery.jwks_uri as string)).json();
    expect(keys.map((k: { kid: string }) => k.kid)).toContain(jwtHeader(tokens.id_token!).kid);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.sub).toBe(claims.sub);
  });

  it("oidcc-response-type-missing", async () => {
    const flow = await startFlow(config, client, { response_type: "" });
    const url = new URL(flow.url);
    url.searchParams.delete("response_type");
    await expectErrorRedirect(await user(), url, flow.state, ["invalid_request", "unsupported_response_type"]);
  });

  it("oidcc-idtoken-signature", async () => {
    // No alg requested: the ID token must be RS256 with a kid, verifiable with the published JWKS.
    const { tokens } = await codeFlow(await user());
    const header = jwtHeader(tokens.id_token!);
    expect(header.alg).toBe("RS256");
    expect(typeof header.kid).toBe("string");
    const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(discovery.jwks_uri as string)), { issuer: ISSUER(), audience: client.id });
    expect(verified.protectedHeader.kid).toBe(header.kid);
  });

  it("oidcc-idtoken-unsigned", async () => {
    // The suite runs this module only when discovery offers alg "none" for ID tokens; it must not,
    // and no ID token is ever unsigned.
    expect(discovery.id_token_signing_alg_values_supported).not.toContain("none");
    const { tokens } = await codeFlow(await user());
    expect(jwtHeader(tokens.id_token!).alg).not.toBe("none");
  });

  it("oidcc-userinfo-get", async () => {
    const { tokens, claims } = await codeFlow(await user());
    const res = await checkedFetch(discovery.userinfo_endpoint as string, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await res.json()).sub).toBe(claims.sub);
  });

  it("oidcc-userinfo-post-header", async () => {
    const { tokens, claims } = await codeFlow(await user());
    const res = await checkedFetch(discovery.userinfo_endpoint as string, { method: "POST", headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(res.status).toBe(200);
    expect((await res.json()).sub).toBe(claims.sub);
  });

  it("oidcc-userinfo-post-body", async () => {
    // RFC 6750 §2.2: the token in a form-encoded body.
    const { tokens, claims } = await codeFlow(await user());
    const res = await checkedFetch(discovery.userinfo_endpoint as string, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ access_token: tokens.access_token }),
    });
    expect(res.status).toBe(200);
    expect((await res.json()).sub).toBe(claims.sub);
  });

  it("oidcc-ensure-request-without-nonce-succeeds-for-code-flow", async () => {
    const { claims } = await codeFlow(await user(), { nonce: "" });
    expect(claims.nonce).toBeUndefined();
  });

  it("oidcc-scope-profile", async () => {
    const { tokens, claims } = await codeFlow(await user(), { scope: "openid profile" });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ name: "Connie Formance", given_name: "Connie", family_name: "Formance", preferred_username: "connie" });
    expect(info.email).toBeUndefined();
  });

  it("oidcc-scope-email", async () => {
    const { tokens, claims } = await codeFlow(await user(), { scope: "openid email" });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ email: "connie@example.com", email_verified: expect.any(Boolean) });
    expect(info.name).toBeUndefined();
  });

  it("oidcc-scope-address", async () => {
    // Not a supported scope (inventory §2.2: unknown scopes are dropped); the suite only warns when
    // the claim is missing. The request must still succeed, and the token's scope says what was granted.
    const { tokens, claims } = await codeFlow(await user(), { scope: "openid address" });
    expect(tokens.scope?.split(" ")).toEqual(["openid"]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.address).toBeUndefined();
  });

  it("oidcc-scope-phone", async () => {
    const { tokens, claims } = await codeFlow(await user(), { scope: "openid phone" });
    expect(tokens.scope?.split(" ")).toEqual(["openid"]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.phone_number).toBeUndefined();
  });

  it("oidcc-scope-all", async () => {
    const { tokens, claims } = await codeFlow(await user(), { scope: "openid profile email address phone" });
    expect(tokens.scope?.split(" ").sort()).toEqual(["email", "openid", "profile"]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info).toMatchObject({ name: "Connie Formance", email: "connie@example.com" });
  });

  it("oidcc-alternate-happy-flow", async () => {
    // Reversed scope order and shuffled parameters (the suite's alternate happy flow).
    const flow = await startFlow(config, client, { scope: "groups email profile openid" });
    const params = [...new URL(flow.url).searchParams].reverse();
    const url = new URL(discovery.authorization_endpoint as string);
    for (const [k, v] of params) url.searchParams.append(k, v);
    const callback = await authorizeToCallback(await user(), url);
    const tokens = await exchange(config, callback, flow);
    expect(tokens.claims()!.email).toBe("connie@example.com");
  });

  it("oidcc-display-page", async () => {
    const { claims } = await codeFlow(await user(), { display: "page" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-display-popup", async () => {
    const { claims } = await codeFlow(await user(), { display: "popup" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-prompt-login", async () => {
    const browser = await user();
    const first = await codeFlow(browser);
    // auth_time has second precision: let a second pass so a new authentication is visible.
    await sleep(1100);
    let asked = 0;
    const second = await codeFlow(browser, { prompt: "login" }, { onPasskey: () => asked++ });
    expect(asked).toBe(1);
    expect(second.claims.auth_time).toBeGreaterThan(first.claims.auth_time!);
    expect(second.claims.sub).toBe(first.claims.sub);
  });

  it("oidcc-prompt-none-not-logged-in", async () => {
    const flow = await startFlow(config, client, { prompt: "none" });
    await expectErrorRedirect(new Browser(), flow.url, flow.state, ["login_required", "interaction_required"]);
  });

  it("oidcc-prompt-none-logged-in", async () => {
    const browser = await user();
    const first = await codeFlow(browser);
    let interacted = false;
    const second = await codeFlow(browser, { prompt: "none" }, { onPasskey: () => (interacted = true), onConsent: () => (interacted = true) });
    expect(interacted).toBe(false);
    expect(second.claims.sub).toBe(first.claims.sub);
    expect(second.claims.auth_time).toBe(first.claims.auth_time);
  });

  it("oidcc-max-age-1", async () => {
    const browser = await user();
    const first = await codeFlow(browser);
    await sleep(1100);
    let asked = 0;
    const second = await codeFlow(browser, { max_age: "1" }, { onPasskey: () => asked++ });
    // OIDC Core §3.1.2.1: the authentication is older than max_age, so the user authenticates again.
    expect(asked).toBe(1);
    expect(second.claims.auth_time).toBeGreaterThan(first.claims.auth_time!);
  });

  it("oidcc-max-age-10000", async () => {
    const browser = await user();
    const first = await codeFlow(browser);
    let asked = 0;
    const second = await codeFlow(browser, { max_age: "10000" }, { onPasskey: () => asked++ });
    expect(asked).toBe(0);
    // OIDC Core §2: auth_time is returned when max_age was requested, and it is the same sign-in.
    expect(second.claims.auth_time).toBe(first.claims.auth_time);
  });

  it("oidcc-ensure-request-with-unknown-parameter-succeeds", async () => {
    // RFC 6749 §3.1: unrecognised parameters are ignored.
    const { claims } = await codeFlow(await user(), { extra_unknown_parameter: "ignored-value", another: "1" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-id-token-hint", async () => {
    const browser = await user();
    const first = await codeFlow(browser);
    let interacted = false;
    const second = await codeFlow(
      browser,
      { prompt: "none", id_token_hint: first.tokens.id_token! },
      { onPasskey: () => (interacted = true), onConsent: () => (interacted = true) },
    );
    expect(interacted).toBe(false);
    expect(second.claims.sub).toBe(first.claims.sub);
  });

  it("oidcc-login-hint", async () => {
    const { claims } = await codeFlow(await user(), { login_hint: "connie@example.com" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-ui-locales", async () => {
    const { claims } = await codeFlow(await user(), { ui_locales: "se" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-claims-locales", async () => {
    const { claims } = await codeFlow(await user(), { claims_locales: "se" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-ensure-request-with-acr-values-succeeds", async () => {
    const { claims } = await codeFlow(await user(), { acr_values: "1 2" });
    expect(claims.sub).toBeTruthy();
  });

  it("oidcc-codereuse", async () => {
    const flow = await startFlow(config, client);
    const callback = await authorizeToCallback(await user(), flow.url);
    await exchange(config, callback, flow);
    const replay = await tokenRequest(
      { grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: client.callback, code_verifier: flow.verifier },
      { authorization: basicAuth(client.id, client.secret!) },
    );
    await expectOAuthError(replay, 400, "invalid_grant");
  });

  it("oidcc-codereuse-30seconds", async () => {
    const flow = await startFlow(config, client);
    const callback = await authorizeToCallback(await user(), flow.url);
    const tokens = await exchange(config, callback, flow);
    // The suite waits 30 seconds before replaying the code, so that a server cannot pass by
    // keeping only a short-lived memory of used codes.
    await sleep(30_000);
    const replay = await tokenRequest(
      { grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: client.callback, code_verifier: flow.verifier },
      { authorization: basicAuth(client.id, client.secret!) },
    );
    await expectOAuthError(replay, 400, "invalid_grant");
    // RFC 6749 §4.1.2: the tokens issued from the replayed code are revoked.
    const info = await checkedFetch(discovery.userinfo_endpoint as string, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect(info.status).toBe(401);
    expect(info.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
  }, 60_000);

  it("oidcc-ensure-registered-redirect-uri", async () => {
    const flow = await startFlow(config, client, { redirect_uri: `${client.callback}/not-registered` });
    const result = await authorize(await user(), flow.url);
    // RFC 6749 §4.1.2.1: never a redirect to an unregistered URI; our own error page instead.
    expect(result.type).toBe("error_page");
    expect(result.type === "error_page" && result.error).toBe("invalid_redirect_uri");
  });

  it("oidcc-ensure-post-request-succeeds", async () => {
    const flow = await startFlow(config, client);
    const callback = await authorizeToCallback(await user(), { post: { ...flow.params, client_id: client.id, response_type: "code" } });
    const tokens = await exchange(config, callback, flow);
    expect(tokens.claims()!.nonce).toBe(flow.nonce);
  });

  it("oidcc-server-client-secret-post", async () => {
    const postConfig = await discover(client, oidc.ClientSecretPost(client.secret!));
    const flow = await startFlow(postConfig, client);
    const callback = await authorizeToCallback(await user(), flow.url);
    const tokens = await exchange(postConfig, callback, flow);
    expect(tokens.claims()!.aud).toContain(client.id);
    // Nothing but the form authenticated the client: a second client_secret_post with a wrong
    // secret is refused.
    const flow2 = await startFlow(postConfig, client);
    const callback2 = await authorizeToCallback(await user(), flow2.url);
    const bad = await tokenRequest({
      grant_type: "authorization_code", code: callback2.searchParams.get("code")!, redirect_uri: client.callback, code_verifier: flow2.verifier,
      client_id: client.id, client_secret: "wrong-secret-wrong-secret-wrong-1",
    });
    await expectOAuthError(bad, 401, "invalid_client");
  });

  it("oidcc-request-uri-unsigned-supported-correctly-or-rejected-as-unsupported", async () => {
    // Discovery says request_uri is not supported (Pocket ID's value, inventory §1.4), so the suite
    // expects the error request_uri_not_supported at the client, never a silently ignored parameter.
    expect(discovery.request_uri_parameter_supported).toBe(false);
    const flow = await startFlow(config, client, { request_uri: "https://rp.example.com/request.jwt" });
    await expectErrorRedirect(await user(), flow.url, flow.state, ["request_uri_not_supported"]);
  });

  it("oidcc-unsigned-request-object-supported-correctly-or-rejected-as-unsupported", async () => {
    const flow = await startFlow(config, client);
    const nonce = oidc.randomNonce();
    const requestObject = new UnsecuredJWT({ ...flow.params, nonce, client_id: client.id, response_type: "code" })
      .setIssuer(client.id).setAudience(ISSUER()).setIssuedAt().setExpirationTime("5m").encode();
    const url = new URL(discovery.authorization_endpoint as string);
    url.search = new URLSearchParams({ client_id: client.id, response_type: "code", scope: "openid", redirect_uri: client.callback, state: flow.state, request: requestObject }).toString();
    if (discovery.request_parameter_supported !== true) {
      // OIDC Core §6.1: without support, the error request_not_supported goes back to the client.
      await expectErrorRedirect(await user(), url, flow.state, ["request_not_supported"]);
      return;
    }
    // Supported: the request object is processed, not ignored: its nonce ends up in the ID token.
    const callback = await authorizeToCallback(await user(), url);
    const tokens = await exchange(config, callback, { verifier: flow.verifier, state: flow.state, nonce });
    expect(tokens.claims()!.nonce).toBe(nonce);
  });

  it("oidcc-claims-essential", async () => {
    // The claims request parameter (OIDC Core §5.5) asking for name as essential: the request must
    // succeed; a missing name is only a warning in the suite (claims_parameter_supported is false).
    const claimsParam = JSON.stringify({ userinfo: { name: { essential: true } } });
    const { tokens, claims } = await codeFlow(await user(), { scope: "openid profile", claims: claimsParam });
    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    expect(info.name).toBe("Connie Formance");
  });

  it("oidcc-ensure-request-object-with-redirect-uri", async () => {
    const second = `${client.callback}-second`;
    const twoUris = await registerClient(admin, { callbackURLs: [client.callback.replace(/cb-/, "first-"), second] });
    const twoConfig = await discover(twoUris);
    const flow = await startFlow(twoConfig, twoUris);
    const requestObject = new UnsecuredJWT({ ...flow.params, client_id: twoUris.id, response_type: "code", redirect_uri: second })
      .setIssuer(twoUris.id).setAudience(ISSUER()).setIssuedAt().setExpirationTime("5m").encode();
    const url = new URL(discovery.authorization_endpoint as string);
    url.search = new URLSearchParams({ client_id: twoUris.id, response_type: "code", scope: "openid", redirect_uri: twoUris.callback, state: flow.state, request: requestObject }).toString();
    const callback = await authorizeToCallback(await user(), url);
    if (discovery.request_parameter_supported !== true) {
      // Rejected as unsupported, at the redirect URI the query named.
      expect(callback.origin + callback.pathname).toBe(twoUris.callback);
      expect(callback.searchParams.get("error")).toBe("request_not_supported");
      return;
    }
    // OIDC Core §6.1: the request object's redirect_uri wins over the query's.
    expect(callback.origin + callback.pathname).toBe(second);
    expect(callback.searchParams.get("code")).toBeTruthy();
  });

  it("oidcc-refresh-token", async () => {
    const { tokens, claims } = await codeFlow(await user());
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    // The suite fails a refresh response without Cache-Control: no-store.
    const res = lastResponse.get("/api/oidc/token")!;
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(refreshed.access_token).toMatch(/^[\x20-\x7E]+$/);
    expect(refreshed.refresh_token).toMatch(/^[\x20-\x7E]+$/);
    if (refreshed.id_token) expect(refreshed.claims()!.sub).toBe(claims.sub);
    // A second client presenting the (new) refresh token gets 400 invalid_grant as JSON.
    const other = await registerClient(admin);
    const stolen = await tokenRequest({ grant_type: "refresh_token", refresh_token: refreshed.refresh_token! }, { authorization: basicAuth(other.id, other.secret!) });
    await expectOAuthError(stolen, 400, "invalid_grant");
  });

  it("oidcc-ensure-request-with-valid-pkce-succeeds", async () => {
    const flow = await startFlow(config, client);
    expect(flow.params.code_challenge_method).toBe("S256");
    const callback = await authorizeToCallback(await user(), flow.url);
    const tokens = await exchange(config, callback, flow);
    expect(tokens.access_token).toBeTruthy();
  });
});
