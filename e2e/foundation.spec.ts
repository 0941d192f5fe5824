// The foundation journey in real Chromium: first admin + passkey, sign-out/sign-in, a client created
// in the admin UI, and openid-client completing authorization code + PKCE against the running server.
import { test, type Page } from "@playwright/test";
import { createServer, type Server } from "node:http";
import * as oidc from "openid-client";
import { createRemoteJWKSet, jwtVerify } from "jose";
import { expect, credentialCount, newPasskeyPage, signOut, type Authenticator } from "./fixtures";
import { E2E_URL, E2E_DATA_DIR } from "../playwright.config";
import Database from "better-sqlite3";
import { createHash, randomBytes, randomUUID } from "node:crypto";

// A real app callback on loopback: the browser really lands there (routes cannot catch redirects).
const APP_PORT = Number(process.env.E2E_APP_PORT ?? 14199);
const CALLBACK = `http://127.0.0.1:${APP_PORT}/callback`;
let appServer: Server;
let lastCallback: string | null = null;
test.describe.configure({ mode: "serial" });

let page: Page;
let authenticator: Authenticator;
let clientId = "";
let clientSecret = "";

test.beforeAll(async ({ browser }) => {
  ({ page, authenticator } = await newPasskeyPage(browser));
  appServer = createServer((request, response) => {
    if (request.url?.startsWith("/callback")) lastCallback = `http://127.0.0.1:${APP_PORT}${request.url}`;
    response.writeHead(200, { "Content-Type": "text/html" }).end("<h1>App callback</h1>");
  });
  await new Promise<void>((resolve) => appServer.listen(APP_PORT, "127.0.0.1", resolve));
});
test.afterAll(async () => {
  await page.context().close();
  appServer.close();
});

/** Sends the browser through /authorize and returns the URL the app's callback received. */
async function authorizeInBrowser(url: string, interact?: () => Promise<void>) {
  lastCallback = null;
  await page.goto(url);
  if (interact) await interact();
  await expect.poll(() => lastCallback, { timeout: 15_000 }).not.toBeNull();
  await expect(page.getByText("App callback")).toBeVisible();
  return new URL(lastCallback!);
}

async function discover(secret = clientSecret) {
  return oidc.discovery(new URL(E2E_URL), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
}

async function startFlow(config: oidc.Configuration, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: "openid profile email groups",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  });
  return { url: url.href, verifier, state, nonce };
}

test("first admin is created at /setup and registers a passkey", async () => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByText("Welcome to Pocket ID")).toBeVisible();

  // A bad email is rejected next to the field, and nothing is created.
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Username").fill("ada");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Enter a valid email address")).toBeVisible();

  await page.getByLabel("Email").fill("ada@example.com");
  await page.getByRole("button", { name: "Create admin account" }).click();
  await expect(page.getByText("Set up your passkey")).toBeVisible();
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByTestId("passkey-list").getByText("New Passkey")).toHaveCount(1);
  await expect(page.getByText("Single passkey configured")).toBeVisible();
  expect(await credentialCount(authenticator)).toBe(1);
});

test("setup is gone once the admin exists", async () => {
  const api = await page.request.get("/api/signup/setup");
  expect(api.status()).toBe(404);
  expect((await api.json()).code).toBe("setup_not_available");
});

test("sign out, then sign in again with the passkey alone", async () => {
  await signOut(page);
  // The session row is gone: the admin page now sends us to sign in.
  await page.goto("/settings/admin/oidc-clients");
  await expect(page).toHaveURL(/\/login\?redirect=%2Fsettings%2Fadmin%2Foidc-clients$/);
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await expect(page).toHaveURL(/\/settings\/admin\/oidc-clients$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("ada");
});

test("admin creates a confidential client and sees its ID and secret once", async () => {
  await page.getByLabel("Name").fill("Test App");
  await page.getByLabel("Callback URL 1").fill(CALLBACK);
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("client-created")).toBeVisible();
  clientId = (await page.getByTestId("created-client-id").textContent())!.trim();
  clientSecret = (await page.getByTestId("created-client-secret").textContent())!.trim();
  expect(clientSecret).toMatch(/^[A-Za-z0-9]{32}$/);
  await expect(page.getByTestId("client-list").getByText("Test App")).toBeVisible();
  await expect(page.getByText(`${E2E_URL}/.well-known/openid-configuration`)).toBeVisible();
  // Reloading shows the client but never the secret again.
  await page.reload();
  await expect(page.getByTestId("client-list").getByText(clientId)).toBeVisible();
  await expect(page.getByText(clientSecret)).toHaveCount(0);
});

test("openid-client: consent, code + PKCE, verified ID token, userinfo", async () => {
  const config = await discover();
  oidc.enableNonRepudiationChecks(config);
  const flow = await startFlow(config);
  const callback = await authorizeInBrowser(flow.url, async () => {
    await expect(page.getByText("Continue to Test App?")).toBeVisible();
    await expect(page.locator("[data-scope=email]")).toBeVisible();
    await page.getByRole("button", { name: "Allow" }).click();
  });
  expect(callback.searchParams.get("iss")).toBe(E2E_URL);
  expect(callback.searchParams.get("state")).toBe(flow.state);

  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
  const claims = tokens.claims()!;
  expect(claims.preferred_username).toBe("ada");
  expect(claims.email).toBe("ada@example.com");
  expect(claims.groups).toEqual([]);
  expect(claims.amr).toEqual(["phr"]);

  // The signature checks out against the published JWKS, independently of openid-client.
  const jwks = createRemoteJWKSet(new URL(`${E2E_URL}/.well-known/jwks.json`));
  const verified = await jwtVerify(tokens.id_token!, jwks, { issuer: E2E_URL, audience: clientId });
  expect(verified.protectedHeader.alg).toBe("RS256");

  const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  expect(info.email).toBe("ada@example.com");
  expect(info.name).toBe("Ada Lovelace");

  // The code is single-use: a replay fails and revokes the access token it issued.
  const replay = await fetch(`${E2E_URL}/api/oidc/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
    body: new URLSearchParams({ grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: CALLBACK, code_verifier: flow.verifier }),
  });
  expect(replay.status).toBe(400);
  expect((await replay.json()).error).toBe("invalid_grant");
  const revoked = await fetch(`${E2E_URL}/api/oidc/userinfo`, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
  expect(revoked.status).toBe(401);
  expect(revoked.headers.get("www-authenticate")).toContain('error="invalid_token"');
});

test("consent is remembered: a second sign-in goes straight back to the app", async () => {
  const config = await discover();
  const flow = await startFlow(config);
  const callback = await authorizeInBrowser(flow.url);
  expect(callback.searchParams.get("code")).toBeTruthy();
  await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
});

test("a wrong PKCE verifier is rejected", async () => {
  const config = await discover();
  const flow = await startFlow(config);
  const callback = await authorizeInBrowser(flow.url);
  const err = await oidc
    .authorizationCodeGrant(config, callback, { pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: flow.state, expectedNonce: flow.nonce })
    .catch((e) => e);
  expect(err).toBeInstanceOf(oidc.ResponseBodyError);
  expect(err.error).toBe("invalid_grant");
});

test("a bad client secret gets 401 invalid_client", async () => {
  const config = await discover();
  const flow = await startFlow(config);
  const callback = await authorizeInBrowser(flow.url);
  const bad = await discover("wrong-secret-wrong-secret-wrong!!");
  const err = await oidc.authorizationCodeGrant(bad, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce }).catch((e) => e);
  expect(err).toBeInstanceOf(oidc.ResponseBodyError);
  expect(err.status).toBe(401);
  expect(err.error).toBe("invalid_client");
});

test("an unregistered redirect_uri shows an error page and never redirects", async () => {
  let leaked = false;
  await page.route("https://evil.example.test/**", async (route) => {
    leaked = true;
    await route.abort();
  });
  const url = `${E2E_URL}/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent("https://evil.example.test/cb")}`;
  await page.goto(url);
  await expect(page).toHaveURL(/\/interaction\/error\?error=invalid_redirect_uri/);
  await expect(page.getByText("not registered for it")).toBeVisible();
  expect(leaked).toBe(false);
});

test("a request without state is answered with invalid_state at the callback", async () => {
  const url = `${E2E_URL}/authorize?client_id=${clientId}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(CALLBACK)}`;
  const callback = await authorizeInBrowser(url);
  expect(callback.searchParams.get("error")).toBe("invalid_state");
  expect(callback.searchParams.get("code")).toBeNull();
  expect(callback.searchParams.get("iss")).toBe(E2E_URL);
});

test("Cancel on the consent screen returns access_denied to the app", async () => {
  const config = await discover();
  const flow = await startFlow(config, { prompt: "consent" });
  const callback = await authorizeInBrowser(flow.url, async () => {
    await page.getByRole("button", { name: "Cancel" }).click();
  });
  expect(callback.searchParams.get("error")).toBe("access_denied");
  expect(callback.searchParams.get("state")).toBe(flow.state);
});

test("allowing a request that was already answered (second tab, Back then Allow) shows the expired page", async () => {
  const config = await discover();
  const flow = await startFlow(config, { prompt: "consent" });
  await page.goto(flow.url);
  await expect(page.getByText("Continue to Test App?")).toBeVisible();
  const second = await page.context().newPage();
  await second.goto(page.url());
  await expect(second.getByText("Continue to Test App?")).toBeVisible();
  lastCallback = null;
  await page.getByRole("button", { name: "Allow" }).click();
  await expect.poll(() => lastCallback, { timeout: 15_000 }).not.toBeNull();
  await second.getByRole("button", { name: "Allow" }).click();
  await expect(second).toHaveURL(/\/interaction\/error\?error=interaction_expired/);
  await second.close();
});

test("prompt=login makes a signed-in user verify with the passkey again", async () => {
  const config = await discover();
  const before = Math.floor(Date.now() / 1000);
  const flow = await startFlow(config, { prompt: "login" });
  const callback = await authorizeInBrowser(flow.url, async () => {
    await expect(page.getByText("Confirm it's you")).toBeVisible();
    await page.getByRole("button", { name: "Verify with passkey" }).click();
  });
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
  expect(tokens.claims()!.auth_time).toBeGreaterThanOrEqual(before);
});

test("a signed-in non-admin is sent away from the admin pages", async ({ browser }) => {
  // A session minted straight into the server's database, for a user without admin rights.
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const userId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  sqlite
    .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, 'bob', 'bob', 'bob@example.com', 'Bob', 'User', 'Bob User')")
    .run(userId, now, now);
  sqlite
    .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  const context = await browser.newContext();
  await context.addCookies([{ name: "access_token", value: token, url: E2E_URL }]);
  const bobPage = await context.newPage();
  await bobPage.goto("/settings/admin/oidc-clients");
  await expect(bobPage).toHaveURL(/\/settings\/account$/);
  await expect(bobPage.getByTestId("signed-in-user")).toHaveText("bob");
  await expect(bobPage.getByRole("link", { name: "OIDC Clients" })).toHaveCount(0);
  await expect(bobPage.getByText("Passkey missing")).toBeVisible();
  const api = await bobPage.request.get("/api/oidc/clients");
  expect(api.status()).toBe(403);
  await context.close();
});

test("pages carry a nonce CSP that forbids framing", async () => {
  const res = await page.request.get("/login");
  const csp = res.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
});
