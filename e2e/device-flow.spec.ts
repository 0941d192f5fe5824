// The OAuth device flow (RFC 8628, issue 6 item 4) in real Chromium: a device client (openid-client)
// asks for a code and polls; the person opens verification_uri_complete signed out, signs in with a
// passkey (virtual authenticator), sees the app and the code, approves; the polling client gets an
// ID token for that person. Also the code-entry page, an unknown code, and a denial. Screenshots at
// 375 px and desktop, light and dark.
import { test, type Page } from "@playwright/test";
import * as oidc from "openid-client";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import { expect, mintUserSession, newPasskeyPage, type Authenticator } from "./fixtures";
import { openDb } from "./admin-helpers";
import { E2E_URL } from "../playwright.config";

test.describe.configure({ mode: "serial" });

const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/screens-device";
const clientId = `tv-${randomBytes(3).toString("hex")}`;
const username = `device-${randomBytes(3).toString("hex")}`;
let page: Page;
let authenticator: Authenticator;
let userId = "";

async function screenshots(name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of [["375", { width: 375, height: 740 }], ["desktop", { width: 1280, height: 800 }]] as const) {
    await page.setViewportSize(size);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate((s) => document.documentElement.classList.toggle("dark", s === "dark"), scheme).catch(() => {});
      await page.screenshot({ path: `${SHOTS}/${name}-${label}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.evaluate(() => document.documentElement.classList.remove("dark")).catch(() => {});
}

const device = () =>
  oidc.discovery(new URL(E2E_URL), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });

test.beforeAll(async ({ browser }) => {
  const db = openDb();
  const now = new Date().toISOString();
  db.prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, is_public, pkce_enabled) VALUES (?, ?, ?, 'Living Room TV', '[]', 1, 1)").run(clientId, now, now);
  db.close();
  ({ page, authenticator } = await newPasskeyPage(browser));
  void authenticator;
  // A user with a passkey: minted session, passkey added on the account page, then signed out.
  ({ userId } = await mintUserSession(page.context(), { username, firstName: "Dana", lastName: "Device" }));
  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByTestId("passkey-item")).toHaveCount(1);
  await page.context().clearCookies();
});
test.afterAll(async () => {
  await page.context().close();
  const db = openDb();
  db.prepare("DELETE FROM oidc_clients WHERE id = ?").run(clientId);
  db.close();
});

test("a device gets tokens after the person signs in with a passkey and approves its code", async () => {
  const config = await device();
  const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid profile email" });
  expect(started.user_code).toMatch(/^E[A-Z0-9]{7}$/);
  expect(started.verification_uri).toBe(`${E2E_URL}/device`);
  const polling = oidc.pollDeviceAuthorizationGrant(config, started);

  await page.goto(started.verification_uri_complete!);
  await expect(page.getByRole("heading", { name: "Connect a device" })).toBeVisible();
  await screenshots("device-sign-in");
  await page.getByRole("button", { name: "Sign in with passkey" }).click();

  await expect(page.getByRole("heading", { name: "Connect Living Room TV?" })).toBeVisible();
  await expect(page.getByTestId("device-user-code")).toHaveText(`${started.user_code.slice(0, 4)}-${started.user_code.slice(4)}`);
  await expect(page.locator("[data-scope=email]")).toBeVisible();
  await screenshots("device-confirm");
  // Keyboard: Tab reaches Deny, then Approve; Enter approves.
  const approve = page.getByRole("button", { name: "Approve" });
  await approve.focus();
  await expect(approve).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("device-result")).toHaveAttribute("data-result", "approved");
  await expect(page.getByText("Device connected")).toBeVisible();
  await screenshots("device-approved");

  const tokens = await polling;
  expect(tokens.claims()).toMatchObject({ sub: userId, aud: [clientId], preferred_username: username, email: `${username}@example.com` });
  expect(typeof tokens.refresh_token).toBe("string");
  const info = await oidc.fetchUserInfo(config, tokens.access_token, userId);
  expect(info.given_name).toBe("Dana");

  // The same code again: already used, with the way on.
  await page.goto(started.verification_uri_complete!);
  await expect(page.getByText("This code has already been used")).toBeVisible();
});

test("the code-entry page reads a typed code, says plainly when it is wrong, and a denial reaches the device", async () => {
  await page.goto("/device");
  const field = page.getByLabel("Code shown on your device");
  await expect(field).toBeFocused();
  await screenshots("device-enter");
  await field.fill("EAAA-AAAA");
  await page.keyboard.press("Enter");
  // Next.js renders its (empty) route announcer with role=alert too: the error is the one with text.
  await expect(page.locator("#user-code-error")).toHaveText("This code is not valid. Check the code shown on your device and try again.");
  await expect(page.locator("#user-code-error")).toHaveAttribute("role", "alert");
  await expect(page.getByLabel("Code shown on your device")).toHaveAttribute("aria-invalid", "true");
  await screenshots("device-unknown");

  const config = await device();
  const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid" });
  await page.getByLabel("Code shown on your device").fill(started.user_code.toLowerCase());
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByTestId("device-result")).toHaveAttribute("data-result", "denied");
  await screenshots("device-denied");
  await expect(oidc.pollDeviceAuthorizationGrant(config, started)).rejects.toMatchObject({ error: "access_denied" });
});

test("an expired code says so and offers the field for a new one", async () => {
  const config = await device();
  const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid" });
  const db = openDb();
  db.prepare("UPDATE oauth_device_codes SET expires_at = ? WHERE client_id = ? AND status = 'pending'").run(new Date(Date.now() - 1000).toISOString(), clientId);
  db.close();
  await page.goto(started.verification_uri_complete!);
  await expect(page.getByRole("heading", { name: "This code has expired" })).toBeVisible();
  await expect(page.getByLabel("Code shown on your device")).toBeVisible();
  await screenshots("device-expired");
  void randomUUID;
});

test("a device asking for an API (RFC 8707 resource) shows the API's permission and gets an access token for it", async () => {
  const audience = `https://api-${clientId}.example.com`;
  const apiId = randomUUID();
  const permissionId = randomUUID();
  const db = openDb();
  db.prepare("INSERT INTO apis (id, name, audience) VALUES (?, 'Media API', ?)").run(apiId, audience);
  db.prepare("INSERT INTO api_permissions (id, api_id, key, name, description) VALUES (?, ?, 'media:read', 'Read your media', 'See your photos and videos')").run(permissionId, apiId);
  db.prepare("INSERT INTO oidc_clients_allowed_apis (oidc_client_id, api_id, subject_type) VALUES (?, ?, 'user')").run(clientId, apiId);
  db.prepare("INSERT INTO oidc_clients_allowed_api_permissions (oidc_client_id, api_permission_id, subject_type) VALUES (?, ?, 'user')").run(clientId, permissionId);
  db.close();
  try {
    const config = await device();
    const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid media:read", resource: audience });
    const polling = oidc.pollDeviceAuthorizationGrant(config, started);
    await page.goto(started.verification_uri_complete!);
    await expect(page.locator("[data-scope='media:read']")).toContainText("Read your media");
    await expect(page.locator("[data-scope='media:read']")).toContainText("See your photos and videos");
    await screenshots("device-confirm-api");
    await page.getByRole("button", { name: "Approve" }).click();
    await expect(page.getByTestId("device-result")).toHaveAttribute("data-result", "approved");
    const tokens = await polling;
    expect(tokens.scope).toBe("openid media:read");
  } finally {
    const cleanup = openDb();
    cleanup.prepare("DELETE FROM apis WHERE id = ?").run(apiId);
    cleanup.close();
  }
});
