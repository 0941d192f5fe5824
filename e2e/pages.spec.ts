// Pages a user meets (issue 5, item 16): passkey errors that say what happened, a waiting state while
// registering, error pages that name the app (and the redirect URI it sent) with a way on, the 404
// and signed-out pages, and one-time secrets and endpoint URLs readable in full at 375 px.
import { test, type Browser, type Page } from "@playwright/test";
import { createHash, generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { expect, addAuthenticator, newPasskeyPage, type Authenticator } from "./fixtures";
import { E2E_URL, E2E_DATA_DIR } from "../playwright.config";

test.describe.configure({ mode: "serial" });

let page: Page;
let authenticator: Authenticator;
let clientId = "";
const APP_NAME = "Grafana Test";
const LAUNCH_URL = "https://grafana.example.test/";

/**
 * An admin session for this file, whatever ran before on the same server: the setup API while no
 * user exists, otherwise an admin minted straight into the server's database.
 */
async function signInAsAdmin() {
  const setup = await page.request.post("/api/signup/setup", {
    headers: { origin: E2E_URL },
    data: { username: "pages-admin", email: "pages-admin@example.com", firstName: "Page", lastName: "Admin" },
  });
  if (setup.ok()) return;
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const userId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  sqlite
    .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name, is_admin) VALUES (?, ?, ?, 'pages-admin', 'pages-admin', 'pages-admin@example.com', 'Page', 'Admin', 'Page Admin', 1)")
    .run(userId, now, now);
  sqlite
    .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  await page.context().addCookies([{ name: "access_token", value: token, url: E2E_URL }]);
}

test.beforeAll(async ({ browser }) => {
  ({ page, authenticator } = await newPasskeyPage(browser));
  await signInAsAdmin();
});
test.afterAll(async () => {
  await page.context().close();
});

/** A fresh browser with its own (empty) virtual authenticator and no session. */
async function strangerPage(browser: Browser, options: { isUserVerified?: boolean } = {}) {
  const context = await browser.newContext();
  const p = await context.newPage();
  await p.goto("/login");
  const auth = await addAuthenticator(p);
  if (options.isUserVerified === false) await auth.cdp.send("WebAuthn.setUserVerified", { authenticatorId: auth.id, isUserVerified: false });
  return { context, page: p, auth };
}

async function signInMessage(p: Page) {
  await p.getByRole("button", { name: "Sign in with passkey" }).click();
  const alert = p.getByRole("alert").filter({ hasText: "passkey" });
  await expect(alert).toBeVisible();
  return (await alert.textContent())!;
}

test("registering a passkey shows that it is waiting for the authenticator", async () => {
  await page.goto("/settings/account");
  await expect(page.getByText("Passkey missing")).toBeVisible();

  // An authenticator that waits for a touch: the page must say it is waiting, not sit still.
  await authenticator.cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId: authenticator.id, enabled: false });
  await page.getByRole("button", { name: "Add passkey" }).click();
  const waiting = page.getByRole("button", { name: "Waiting for your passkey…" });
  await expect(waiting).toBeVisible();
  await expect(waiting).toHaveAttribute("aria-busy", "true");
  await expect(page.getByRole("status").filter({ hasText: "Waiting for your passkey…" })).toHaveCount(1);
  // A second click while waiting starts nothing: still the same single wait.
  await waiting.click({ force: true });
  await expect(waiting).toBeVisible();

  // Leave the stuck prompt behind and register for real.
  await page.reload();
  await authenticator.cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId: authenticator.id, enabled: true });
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByTestId("passkey-list").getByText("New Passkey")).toHaveCount(1);
  expect((await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id })).credentials).toHaveLength(1);
});

test("a device with no passkey for this site is told so, not that the prompt was cancelled", async ({ browser }) => {
  const s = await strangerPage(browser);
  const message = await signInMessage(s.page);
  expect(message).toContain("This device may have no passkey for this site");
  expect(message).toContain("use the phone or security key that holds your passkey");
  await s.context.close();
});

test("a failed PIN or biometric check is named as a possible cause", async ({ browser }) => {
  // The admin's own passkey, copied onto an authenticator whose user verification fails.
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id });
  const s = await strangerPage(browser, { isUserVerified: false });
  await s.auth.cdp.send("WebAuthn.addCredential", { authenticatorId: s.auth.id, credential: credentials[0] });
  const message = await signInMessage(s.page);
  // The browser reports this exactly as it reports "no passkey" and "cancelled" (NotAllowedError),
  // so the one sentence names all three and claims none of them.
  expect(message).toContain("the PIN, fingerprint or face check may not have succeeded");
  expect(message).not.toMatch(/^The passkey prompt was cancelled or timed out\.$/);
  await expect(s.page).toHaveURL(/\/login$/);
  await s.context.close();
});

test("a passkey the server does not know (deleted) is told to use another passkey", async ({ browser }) => {
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id });
  // A discoverable passkey for this site and this user that the server has no record of, as after deletion.
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const s = await strangerPage(browser);
  await s.auth.cdp.send("WebAuthn.addCredential", {
    authenticatorId: s.auth.id,
    credential: {
      credentialId: Buffer.from("deleted-passkey-0001").toString("base64"),
      isResidentCredential: true,
      rpId: "localhost",
      privateKey: privateKey.export({ format: "der", type: "pkcs8" }).toString("base64"),
      userHandle: credentials[0].userHandle,
      signCount: 0,
    },
  });
  const message = await signInMessage(s.page);
  expect(message).toBe(
    "This passkey is not recognised here: it may have been removed from your account. Sign in with another passkey, or ask your administrator for help.",
  );
  await s.context.close();
});

test("a client with a launch URL is registered over the admin API", async () => {
  const res = await page.request.post("/api/oidc/clients", {
    headers: { origin: E2E_URL },
    data: { name: APP_NAME, callbackURLs: ["https://grafana.example.test/login/generic_oauth"], launchURL: LAUNCH_URL },
  });
  expect(res.status()).toBe(201);
  clientId = (await res.json()).id;
});

test("a wrong redirect URI names the app and shows the URI it sent, as text, with a way back to the app", async () => {
  const sent = "https://evil.example.test/cb?next=<b>bold</b>&x=1";
  await page.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent(sent)}`);
  await expect(page).toHaveURL(/\/interaction\/error\?error=invalid_redirect_uri/);
  await expect(page.getByRole("heading", { name: "This app is not set up correctly" })).toBeVisible();
  await expect(page.getByTestId("error-message")).toContainText(`${APP_NAME} asked to send you back to an address that is not registered for it`);
  await expect(page.getByTestId("sent-redirect-uri")).toHaveText(sent);
  await expect(page.locator("b", { hasText: "bold" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: `Back to ${APP_NAME}` })).toHaveAttribute("href", LAUNCH_URL);
  await expect(page.getByRole("link", { name: "Go to your account" })).toHaveAttribute("href", "/settings");
});

test("a hand-made error link cannot put its own text under a real app's name", async () => {
  // Anyone can write this link; only links /authorize signed may name the app and show a URI.
  const text = "Your account is suspended. Call +1-555-0100 or visit https://pocket-id-support.example/restore";
  await page.goto(`/interaction/error?error=invalid_redirect_uri&client_id=${encodeURIComponent(clientId)}&redirect_uri=${encodeURIComponent(text)}`);
  await expect(page.getByRole("heading", { name: "This app is not set up correctly" })).toBeVisible();
  await expect(page.getByTestId("error-message")).toContainText("The app asked to send you back to an address that is not registered for it");
  await expect(page.getByText(APP_NAME)).toHaveCount(0);
  await expect(page.getByText("Call +1-555-0100", { exact: false })).toHaveCount(0);
  await expect(page.getByTestId("sent-redirect-uri")).toHaveCount(0);
  // A signed link whose URI was swapped afterwards is just as unsigned.
  await page.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent("https://other.example.test/cb")}`);
  const signed = new URL(page.url());
  signed.searchParams.set("redirect_uri", text);
  await page.goto(signed.toString());
  await expect(page.getByText("Call +1-555-0100", { exact: false })).toHaveCount(0);
  await expect(page.getByText(APP_NAME)).toHaveCount(0);
});

test("a redirect_uri that is not a URL (a sentence, a reversed bidi text) is not shown under the app's name", async () => {
  for (const sent of [
    "https://rp.example/cb   IMPORTANT from the security team: re-verify at https://verify.example/login",
    "https://rp.example/cb#\u202emoc.live//:sptth",
    "call +1-555-0100",
  ]) {
    await page.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent(sent)}`);
    await expect(page).toHaveURL(/\/interaction\/error\?error=invalid_redirect_uri/);
    await expect(page.getByTestId("error-message")).toContainText(`${APP_NAME} asked to send you back to an address that is not registered for it`);
    await expect(page.getByTestId("sent-redirect-uri")).toHaveCount(0);
    await expect(page.getByText("IMPORTANT", { exact: false })).toHaveCount(0);
  }
});

test("an expired sign-in request says so and offers a way on", async () => {
  await page.goto("/interaction/error?error=interaction_expired");
  await expect(page.getByRole("heading", { name: "This sign-in request has expired" })).toBeVisible();
  await expect(page.getByTestId("error-message")).toContainText("The request to sign in to the app timed out or was already completed");
  // An interaction id that no longer exists lands there too, still with a way on.
  await page.goto("/interaction?interaction=no-such-interaction");
  await expect(page.getByRole("heading", { name: "This sign-in request has expired" })).toBeVisible();
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
});

test("an unknown client gets its own page; nothing from the link is echoed", async ({ browser }) => {
  await page.goto(`/authorize?client_id=${encodeURIComponent("Evil Corp Support: call 555")}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent("https://evil.example.test/cb")}`);
  await expect(page).toHaveURL(/\/interaction\/error\?error=invalid_client/);
  await expect(page.getByRole("heading", { name: "Unknown app" })).toBeVisible();
  await expect(page.getByText("Evil Corp")).toHaveCount(0);
  await expect(page.getByText("evil.example.test")).toHaveCount(0);
  // Signed out, the way on is signing in.
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto("/interaction/error?error=invalid_client&client_id=whatever");
  await stranger.getByRole("link", { name: "Sign in" }).click();
  await expect(stranger).toHaveURL(/\/login$/);
  await context.close();
});

test("no access to a group-restricted app names the app; a stored launch URL that is not http(s) is never offered as a link", async () => {
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  // Restricted to no group: nobody may use it (inventory §2.2).
  sqlite.prepare("UPDATE oidc_clients SET launch_url = 'javascript:alert(1)', is_group_restricted = 1 WHERE id = ?").run(clientId);
  sqlite.close();
  await page.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&nonce=nonce-123456&redirect_uri=${encodeURIComponent("https://grafana.example.test/login/generic_oauth")}`);
  // Shown inside the provider, on the interaction page, which offers to switch account (issue 6).
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await expect(page.getByTestId("interaction-message")).toContainText(`is not allowed to use ${APP_NAME}`);
  await expect(page.getByRole("link", { name: `Back to ${APP_NAME}` })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Go to your account" })).toBeVisible();
});

test("an unknown page is a branded 404 with a way on", async ({ browser }) => {
  const res = await page.goto("/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.getByText("Pocket ID").first()).toBeVisible();
  await page.getByRole("link", { name: "Go to your account" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto("/no/such/page");
  await stranger.getByRole("link", { name: "Sign in" }).click();
  await expect(stranger).toHaveURL(/\/login$/);
  await context.close();
});

test("the signed-out logout page links to sign-in", async ({ browser }) => {
  const context = await browser.newContext();
  const stranger = await context.newPage();
  await stranger.goto("/logout");
  await expect(stranger.getByText("You are signed out")).toBeVisible();
  await stranger.getByRole("link", { name: "Sign in again" }).click();
  await expect(stranger).toHaveURL(/\/login$/);
  await context.close();
});

/** True when the element shows all of its text: nothing cut off or scrolled away, inside a 375 px viewport. */
async function fullyVisible(p: Page, testIdOrText: { testId?: string; text?: string }) {
  const el = testIdOrText.testId ? p.getByTestId(testIdOrText.testId) : p.locator("code", { hasText: testIdOrText.text! }).first();
  await el.scrollIntoViewIfNeeded();
  return el.evaluate((node) => {
    const r = node.getBoundingClientRect();
    return node.scrollWidth <= node.clientWidth && node.scrollHeight <= node.clientHeight && r.left >= 0 && r.right <= window.innerWidth;
  });
}

test("at 375 px the one-time secret and the endpoint URLs are readable in full and copyable", async () => {
  await page.setViewportSize({ width: 375, height: 812 });
  await page.goto("/settings/admin/oidc-clients");
  await page.getByLabel("Name").fill("Narrow Screen App");
  await page.getByLabel("Callback URL 1").fill("https://a-rather-long-host-name.apps.example.test/oauth2/callback/generic");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("client-created")).toBeVisible();
  const secret = (await page.getByTestId("created-client-secret").textContent())!;
  expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(await fullyVisible(page, { testId: "created-client-secret" })).toBe(true);
  expect(await fullyVisible(page, { testId: "created-client-id" })).toBe(true);
  const copySecret = page.getByRole("button", { name: "Copy Client secret" });
  await copySecret.scrollIntoViewIfNeeded();
  const box = (await copySecret.boundingBox())!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(375);

  for (const url of [`${E2E_URL}/.well-known/openid-configuration`, `${E2E_URL}/.well-known/jwks.json`, `${E2E_URL}/api/oidc/end-session`]) {
    await expect(page.locator("code", { hasText: url }).first()).toHaveText(url);
    expect(await fullyVisible(page, { text: url })).toBe(true);
  }
  // Nothing on the page scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });
});
