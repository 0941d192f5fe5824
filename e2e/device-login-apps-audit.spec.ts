// Sign in with another device by QR across two browsers, My Apps with revoke, and the own audit log
// (issue 9 items 4-6), with the virtual passkey authenticator; screenshots of the pages at 375 px and
// desktop, light and dark, when SCREENS_DIR is set.
import { test, type Browser } from "@playwright/test";
import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { expect, addAuthenticator, mintUserSession, withoutPasskeyAutofill } from "./fixtures";
import { E2E_DATA_DIR } from "../playwright.config";
import { rateLimitedPage } from "../lib/http/rate-limited-page";

test.describe.configure({ mode: "serial" });

/** A browser where `username` is signed in and has registered a passkey in its virtual authenticator. */
async function approverBrowser(browser: Browser, username: string) {
  const context = await browser.newContext();
  await withoutPasskeyAutofill(context);
  await mintUserSession(context, { username });
  const page = await context.newPage();
  await addAuthenticator(page);
  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByText("Single passkey configured")).toBeVisible();
  return { context, page };
}

/** The waiting device: /login → other ways → sign in with another device; returns the QR link. */
async function startWaiting(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByRole("link", { name: "Don't have access to your passkey?" }).click();
  await page.getByRole("link", { name: /Sign in with another device/ }).click();
  await expect(page).toHaveURL(/\/login\/alternative\/device$/);
  await expect(page.getByTestId("device-login-waiting")).toBeVisible();
  await expect(page.getByTestId("qr-code")).toBeVisible();
  const code = (await page.getByTestId("device-login-code").textContent())!;
  expect(code).toMatch(/^P[A-Z0-9]{3} - [A-Z0-9]{4}$/);
  const link = (await page.getByRole("link", { name: /QR code/ }).getAttribute("href"))!;
  expect(link).toContain(`/device/login?user_code=${code.replace(" - ", "")}`);
  return { context, page, code, link };
}

test("QR sign-in: the second browser is signed in after the first approves with its passkey; a denied request is said so", async ({ browser }) => {
  const approver = await approverBrowser(browser, "qr-user");
  const waiting = await startWaiting(browser);

  // The signed-in device opens the link the QR code carries.
  await approver.page.goto(waiting.link);
  await expect(approver.page.getByLabel("Code")).toHaveValue(waiting.code.replace(" - ", ""));
  await approver.page.getByRole("button", { name: "Continue" }).click();
  const details = approver.page.getByTestId("device-login-details");
  await expect(details).toContainText(/Chrom\w* [\d.]+ on Linux/);
  await expect(details).toContainText(/127\.0\.0\.1|::1/);
  await approver.page.getByRole("button", { name: "Approve with passkey" }).click();
  await expect(approver.page.getByRole("heading", { name: "Sign-in approved" })).toBeVisible();

  // The waiting browser was long-polling: it is now signed in as qr-user.
  await expect(waiting.page).toHaveURL(/\/settings\/account$/);
  await expect(waiting.page.getByTestId("signed-in-user")).toHaveText("qr-user");

  // Its own audit log shows how it got in, and the passkey the other browser added.
  await waiting.page.getByRole("link", { name: "My audit log" }).click();
  const log = waiting.page.getByTestId("audit-log-table");
  await expect(log.getByRole("row").nth(1)).toContainText("Signed in with another device");
  await expect(log).toContainText("Passkey added");

  // A second request, typed by hand on the approving device and denied there.
  const second = await startWaiting(browser);
  await approver.page.goto("/device/login");
  await approver.page.getByLabel("Code").fill(second.code.toLowerCase());
  await approver.page.keyboard.press("Enter");
  await approver.page.getByRole("button", { name: "Deny" }).click();
  await expect(approver.page.getByRole("heading", { name: "Sign-in denied" })).toBeVisible();
  await expect(second.page.getByTestId("device-login-ended")).toContainText("Sign-in denied");
  await second.page.getByRole("button", { name: "Start again" }).click();
  await expect(second.page.getByTestId("device-login-waiting")).toBeVisible();

  // The used code cannot be approved again.
  await approver.page.goto(waiting.link);
  await approver.page.getByRole("button", { name: "Continue" }).click();
  await expect(approver.page.getByRole("alert").filter({ hasText: "expired or was already used" })).toBeVisible();

  for (const b of [approver, waiting, second]) await b.context.close();
});

/** An app with a launch URL and the user's consent to it, straight in the server's database. */
function seedAuthorizedApp(userId: string, name: string, description = "Team wiki and handbook") {
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const id = `app-${randomUUID().slice(0, 8)}`;
  sqlite
    .prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, description, callback_urls, launch_url) VALUES (?, ?, ?, ?, ?, ?, ?)")
    .run(id, now, now, name, description, JSON.stringify(["https://wiki.example.com/cb"]), "https://wiki.example.com/");
  sqlite.prepare("INSERT INTO user_authorized_oidc_clients (user_id, client_id, scope, last_used_at) VALUES (?, ?, ?, ?)").run(userId, id, JSON.stringify(["openid", "profile", "email"]), now);
  sqlite.close();
  return id;
}

test("My Apps lists the apps with their launch link, and revoking an authorized app removes it", async ({ browser }) => {
  const context = await browser.newContext();
  const { userId } = await mintUserSession(context, { username: "apps-user" });
  seedAuthorizedApp(userId, "Wiki");
  const page = await context.newPage();
  await page.goto("/settings/account");
  await page.getByRole("link", { name: "My Apps" }).click();
  await expect(page).toHaveURL(/\/settings\/apps$/);
  const apps = page.getByTestId("my-apps");
  await expect(apps).toContainText("Wiki");
  await expect(apps.getByRole("link", { name: /Open/ })).toHaveAttribute("href", "https://wiki.example.com/");
  const authorized = page.getByTestId("authorized-apps");
  await expect(authorized).toContainText("Profile");
  await authorized.getByRole("button", { name: "Revoke access for Wiki" }).click();
  await page.getByRole("button", { name: "Revoke access" }).click();
  await expect(page.getByTestId("authorized-apps-empty")).toBeVisible();
  // The app itself stays available to open; the audit log records the revocation.
  await expect(apps).toContainText("Wiki");
  await page.getByRole("link", { name: "My audit log" }).click();
  await expect(page.getByTestId("audit-log-table")).toContainText("Revoked an app's access");
  await expect(page.getByTestId("audit-log-table")).toContainText("Wiki");
  await context.close();
});

/** A few days of a user's own audit log, as the page shows them. */
function seedAuditEvents(userId: string) {
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";
  const laptop = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36";
  const rows: [string, string, string, Record<string, string>][] = [
    ["SIGN_IN", laptop, "192.0.2.10", { method: "passkey" }],
    ["PASSKEY_ADDED", phone, "198.51.100.23", { passkeyName: "iCloud Keychain" }],
    ["NEW_CLIENT_AUTHORIZATION", laptop, "192.0.2.10", { clientName: "Grafana" }],
    ["REMOTE_SIGN_IN", laptop, "2001:db8::42", { method: "qr_code" }],
    ["CLIENT_AUTHORIZATION_REVOKED", phone, "198.51.100.23", { clientName: "Wiki" }],
  ];
  const insert = sqlite.prepare("INSERT INTO audit_logs (id, created_at, event, ip_address, user_agent, data, user_id) VALUES (?, ?, ?, ?, ?, ?, ?)");
  rows.forEach(([event, ua, ip, data], i) => insert.run(randomUUID(), new Date(Date.now() - (rows.length - i) * 3_600_000).toISOString(), event, ip, ua, JSON.stringify(data), userId));
  sqlite.close();
}

test("screenshots of QR sign-in, My Apps, the audit log and the 429 page at 375 px and desktop, light and dark", async ({ browser }) => {
  const dir = process.env.SCREENS_DIR;
  test.skip(!dir, "set SCREENS_DIR to write screenshots");
  const seed = await browser.newContext();
  const { userId } = await mintUserSession(seed, { username: "screens-user" });
  seedAuthorizedApp(userId, "Grafana", "Dashboards and alerts");
  seedAuditEvents(userId);
  await seed.close();
  for (const [name, width, height] of [["mobile", 375, 812], ["desktop", 1280, 800]] as const) {
    for (const scheme of ["light", "dark"] as const) {
      const shot = (page: import("@playwright/test").Page, what: string) => page.screenshot({ path: `${dir}/${what}-${name}-${scheme}.png`, fullPage: true });
      const anon = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const waitingPage = await anon.newPage();
      await waitingPage.goto("/login/alternative");
      await shot(waitingPage, "alternative");
      await waitingPage.goto("/login/alternative/device");
      await expect(waitingPage.getByTestId("device-login-waiting")).toBeVisible();
      await shot(waitingPage, "device-waiting");
      const link = (await waitingPage.getByRole("link", { name: /QR code/ }).getAttribute("href"))!;

      const user = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      await mintUserSession(user, { username: "screens-user" });
      const page = await user.newPage();
      await page.goto(link);
      await shot(page, "device-approve-code");
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByTestId("device-login-details")).toBeVisible();
      await shot(page, "device-approve-review");
      await page.getByRole("button", { name: "Deny" }).click();
      await expect(waitingPage.getByTestId("device-login-ended")).toBeVisible();
      await shot(waitingPage, "device-denied");
      await page.goto("/settings/apps");
      await shot(page, "my-apps");
      await page.goto("/settings/audit-log");
      await shot(page, "audit-log");
      const res = rateLimitedPage(12, "/authorize?client_id=grafana");
      await page.setContent(await res.text());
      await shot(page, "rate-limited");
      await anon.close();
      await user.close();
    }
  }
});
