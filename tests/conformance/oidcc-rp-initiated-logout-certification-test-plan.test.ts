// OpenID conformance suite, plan `oidcc-rp-initiated-logout-certification-test-plan` (OpenID
// Connect RP-Initiated Logout 1.0; peer-anchors §3c): sign in, send the browser to the
// end_session_endpoint as each module does, check where it lands and whether the user is signed out.
import { beforeAll, describe, expect, it } from "vitest";
import { SignJWT, generateKeyPair } from "jose";
import {
  Browser, ISSUER, adminBrowser, authorizeToCallback, checkedFetch, discover, exchange, jwtPayload, oidc, registerClient,
  startFlow, type RegisteredClient,
} from "./helpers/op";

let client: RegisteredClient;
let config: oidc.Configuration;
let endSessionEndpoint: string;
const POST_LOGOUT = `https://rp.example.com/logged-out-${process.pid}`;

beforeAll(async () => {
  const admin = await adminBrowser();
  client = await registerClient(admin, { logoutCallbackURLs: [POST_LOGOUT] });
  config = await discover(client);
  endSessionEndpoint = config.serverMetadata().end_session_endpoint!;
});

/** A signed-in browser that completed a code flow, with the ID token the RP got. */
async function signedInRp() {
  const browser = new Browser();
  await browser.signIn();
  const flow = await startFlow(config, client);
  const tokens = await exchange(config, await authorizeToCallback(browser, flow.url), flow);
  return { browser, idToken: tokens.id_token! };
}

function endSessionUrl(params: Record<string, string>) {
  const url = new URL(endSessionEndpoint);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url;
}

/** Sends the browser to the end-session endpoint; returns where it was redirected. */
async function endSession(browser: Browser, params: Record<string, string>) {
  const res = await browser.request(endSessionUrl(params));
  expect([302, 303]).toContain(res.status);
  return new URL(res.headers.get("location")!, ISSUER());
}

/** After a logout, prompt=none must fail with login_required (the session is really gone). */
async function expectSignedOut(browser: Browser) {
  const flow = await startFlow(config, client, { prompt: "none" });
  const callback = await authorizeToCallback(browser, flow.url);
  expect(callback.searchParams.get("error")).toBe("login_required");
  expect(callback.searchParams.get("state")).toBe(flow.state);
}

/** Still signed in: prompt=none succeeds with a code. */
async function expectStillSignedIn(browser: Browser) {
  const flow = await startFlow(config, client, { prompt: "none" });
  const callback = await authorizeToCallback(browser, flow.url);
  expect(callback.searchParams.get("code")).toBeTruthy();
}

/** Our own /logout page: not the client; the user is asked, or told they are signed out. */
async function expectOwnLogoutPage(location: URL) {
  expect(location.origin).toBe(ISSUER());
  expect(location.pathname).toBe("/logout");
}

/** The user confirms on /logout, as the page's button does. */
async function confirmOnLogoutPage(browser: Browser) {
  const page = await browser.request("/logout");
  expect(page.status).toBe(200);
  expect(await page.text()).toContain("Do you want to sign out");
  const res = await browser.request("/api/webauthn/logout", { method: "POST" });
  expect(res.status).toBeLessThan(300);
}

describe("oidcc-rp-initiated-logout-certification-test-plan", () => {
  it("oidcc-rp-initiated-logout-discovery-endpoint-verification", async () => {
    const doc = await (await checkedFetch(`${ISSUER()}/.well-known/openid-configuration`)).json();
    expect(doc.end_session_endpoint).toBeTypeOf("string");
    const url = new URL(doc.end_session_endpoint);
    expect(url.protocol).toBe(new URL(ISSUER()).protocol);
    expect(url.hash).toBe("");
  });

  it("oidcc-rp-initiated-logout", async () => {
    const { browser, idToken } = await signedInRp();
    const location = await endSession(browser, { id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT, state: "logout-state-1" });
    expect(location.origin + location.pathname).toBe(POST_LOGOUT);
    expect(location.searchParams.get("state")).toBe("logout-state-1");
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-bad-post-logout-redirect-uri", async () => {
    const { browser, idToken } = await signedInRp();
    const location = await endSession(browser, { id_token_hint: idToken, post_logout_redirect_uri: "https://evil.example.com/logged-out", state: "s1234567" });
    await expectOwnLogoutPage(location);
    await confirmOnLogoutPage(browser);
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-modified-id-token-hint", async () => {
    // The RP's ID token with its signature removed and alg "none": not ours any more.
    const { browser, idToken } = await signedInRp();
    const [, payload] = idToken.split(".");
    const unsigned = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${payload}.`;
    const location = await endSession(browser, { id_token_hint: unsigned, post_logout_redirect_uri: POST_LOGOUT, state: "s1234567" });
    await expectOwnLogoutPage(location);
    // Nothing was ended by a hint we did not sign.
    await expectStillSignedIn(browser);
  });

  it("oidcc-rp-initiated-logout-bad-id-token-hint", async () => {
    // Same claims, signed by someone else's key (the suite signs with its own).
    const { browser, idToken } = await signedInRp();
    const { privateKey } = await generateKeyPair("RS256");
    const forged = await new SignJWT(jwtPayload(idToken)).setProtectedHeader({ alg: "RS256", kid: "attacker" }).sign(privateKey);
    const location = await endSession(browser, { id_token_hint: forged, post_logout_redirect_uri: POST_LOGOUT, state: "s1234567" });
    await expectOwnLogoutPage(location);
    await expectStillSignedIn(browser);
  });

  it("oidcc-rp-initiated-logout-no-id-token-hint", async () => {
    // RP-Initiated Logout §2: post-logout redirection needs an id_token_hint; without one, no redirect.
    const { browser } = await signedInRp();
    const location = await endSession(browser, { client_id: client.id, post_logout_redirect_uri: POST_LOGOUT, state: "s1234567" });
    await expectOwnLogoutPage(location);
    await confirmOnLogoutPage(browser);
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-no-params", async () => {
    const { browser } = await signedInRp();
    const location = await endSession(browser, {});
    await expectOwnLogoutPage(location);
    await confirmOnLogoutPage(browser);
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-no-post-logout-redirect-uri", async () => {
    // The suite fails an OP that calls the registered post_logout_redirect_uri when the request did
    // not name it: the user is signed out and sees our signed-out page.
    const { browser, idToken } = await signedInRp();
    const location = await endSession(browser, { id_token_hint: idToken, state: "s1234567" });
    await expectOwnLogoutPage(location);
    const page = await browser.request(location);
    expect(await page.text()).toContain("You are signed out");
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-no-state", async () => {
    const { browser, idToken } = await signedInRp();
    const location = await endSession(browser, { id_token_hint: idToken, post_logout_redirect_uri: POST_LOGOUT });
    expect(location.origin + location.pathname).toBe(POST_LOGOUT);
    expect(location.searchParams.has("state")).toBe(false);
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-only-state", async () => {
    const { browser } = await signedInRp();
    const location = await endSession(browser, { state: "s1234567" });
    await expectOwnLogoutPage(location);
    expect(location.searchParams.has("state")).toBe(false);
    await confirmOnLogoutPage(browser);
    await expectSignedOut(browser);
  });

  it("oidcc-rp-initiated-logout-query-added-to-post-logout-redirect-uri", async () => {
    // Simple string comparison (RFC 3986 §6.2.1): a registered URI plus a query is another URI.
    const { browser, idToken } = await signedInRp();
    const location = await endSession(browser, { id_token_hint: idToken, post_logout_redirect_uri: `${POST_LOGOUT}?added=1`, state: "s1234567" });
    await expectOwnLogoutPage(location);
    await confirmOnLogoutPage(browser);
    await expectSignedOut(browser);
  });
});
