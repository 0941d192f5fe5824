// Recovery without a passkey (issue 9 item 4): the CLI's one-time link, run against the e2e
// server's own database with the standalone build's CLI (as `docker compose exec ... /app/pocket-id`
// would), signs a locked-out admin in once, and the account page then offers to add a passkey.
import { test, type Browser } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { expect, addAuthenticator } from "./fixtures";
import { E2E_URL, E2E_DATA_DIR } from "../playwright.config";

const standalone = resolve(process.env.E2E_SERVER_DIR ?? ".next/standalone");

/** Runs the standalone CLI with the e2e server's configuration; returns stdout. */
function cli(...args: string[]): string {
  return execFileSync("sh", [resolve(standalone, "pocket-id"), ...args], {
    cwd: standalone,
    encoding: "utf8",
    env: {
      NODE_ENV: "production",
      PATH: process.env.PATH,
      APP_URL: E2E_URL,
      DB_CONNECTION_STRING: `${E2E_DATA_DIR}/pocket-id.db`,
      KEYS_PATH: `${E2E_DATA_DIR}/keys`,
      ENCRYPTION_KEY: "e2e-test-encryption-key-0123456789",
    },
  });
}

/** A user straight in the server's database, as an admin locked out of all passkeys would be. */
function insertUser(username: string, isAdmin = false): string {
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const id = randomUUID();
  sqlite
    .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name, is_admin) VALUES (?, ?, ?, ?, ?, ?, 'Locked', 'Out', 'Locked Out', ?)")
    .run(id, now, now, username, username.toLowerCase(), `${username.toLowerCase()}@example.com`, isAdmin ? 1 : 0);
  sqlite.close();
  return id;
}

async function freshBrowser(browser: Browser) {
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

test("the CLI's one-time link signs a locked-out admin in once, who then adds a passkey", async ({ browser }) => {
  insertUser("Locked-Admin", true);
  const link = cli("one-time-access-token", "locked-admin@example.com").trim();
  expect(link).toMatch(new RegExp(`^${E2E_URL}/lc/[A-Z2-9]{12}$`));

  const { context, page } = await freshBrowser(browser);
  await page.goto(link);
  // Opening the link only fills the code in: signing in takes a click.
  await expect(page).toHaveURL(/\/login\/alternative\/code\?code=/);
  await expect(page.getByLabel("Login code")).toHaveValue(link.split("/lc/")[1]);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Locked-Admin");
  await expect(page.getByText("Passkey missing")).toBeVisible();
  const auth = await addAuthenticator(page);
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByText("Single passkey configured")).toBeVisible();
  await expect(page.getByText("Passkey missing")).toHaveCount(0);
  const { credentials } = await auth.cdp.send("WebAuthn.getCredentials", { authenticatorId: auth.id });
  expect(credentials).toHaveLength(1);
  await context.close();

  // The link was used up: a second browser is told so, in a sentence, and stays signed out.
  const second = await freshBrowser(browser);
  await second.page.goto(link);
  await second.page.getByRole("button", { name: "Sign in" }).click();
  await expect(second.page.getByRole("alert").filter({ hasText: "login code" })).toContainText("invalid, expired or already used");
  await second.page.goto("/settings/account");
  await expect(second.page).toHaveURL(/\/login\?redirect=/);
  await second.context.close();
});

test("the sign-in page leads to the other ways in, and a code can be typed by hand", async ({ browser }) => {
  insertUser("typist");
  const link = cli("one-time-access-token", "typist").trim();
  const code = link.split("/lc/")[1];
  const { context, page } = await freshBrowser(browser);
  await page.goto("/login");
  await page.getByRole("link", { name: "Don't have access to your passkey?" }).click();
  await expect(page).toHaveURL(/\/login\/alternative$/);
  await page.getByRole("link", { name: /Login code/ }).click();
  await expect(page.getByLabel("Login code")).toBeFocused();
  // Typed in lower case with a dash, as people do.
  await page.getByLabel("Login code").fill(`${code.slice(0, 6).toLowerCase()}-${code.slice(6).toLowerCase()}`);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("typist");
  await context.close();
});

test("a login code an admin creates is used in a second browser", async ({ browser }) => {
  const adminId = insertUser("code-admin", true);
  const userId = insertUser("code-user");
  // The admin's browser: a session row minted into the server's database.
  const { createHash, randomBytes } = await import("node:crypto");
  const token = randomBytes(32).toString("base64url");
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  sqlite
    .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), adminId, now, new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  const admin = await freshBrowser(browser);
  await admin.context.addCookies([{ name: "access_token", value: token, url: E2E_URL }]);
  const res = await admin.page.request.post(`/api/users/${userId}/one-time-access-token`, { headers: { origin: E2E_URL }, data: { ttl: 3600 } });
  expect(res.status()).toBe(201);
  const { url, token: code } = await res.json();
  expect(code).toHaveLength(12);

  const other = await freshBrowser(browser);
  await other.page.goto(url);
  await other.page.getByRole("button", { name: "Sign in" }).click();
  await expect(other.page).toHaveURL(/\/settings\/account$/);
  await expect(other.page.getByTestId("signed-in-user")).toHaveText("code-user");
  // The admin's own session is untouched.
  await admin.page.goto("/settings/account");
  await expect(admin.page.getByTestId("signed-in-user")).toHaveText("code-admin");
  await admin.context.close();
  await other.context.close();
});

test("screenshots of the recovery pages at 375 px and desktop, light and dark", async ({ browser }) => {
  const dir = process.env.SCREENS_DIR;
  test.skip(!dir, "set SCREENS_DIR to write screenshots");
  for (const [name, width, height] of [["mobile", 375, 812], ["desktop", 1280, 800]] as const) {
    for (const scheme of ["light", "dark"] as const) {
      const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme });
      const page = await context.newPage();
      await page.goto("/login");
      await page.screenshot({ path: `${dir}/login-${name}-${scheme}.png`, fullPage: true });
      await page.goto("/login/alternative");
      await page.screenshot({ path: `${dir}/alternative-${name}-${scheme}.png`, fullPage: true });
      await page.goto("/lc/ABCDEFGHJKMN");
      await page.screenshot({ path: `${dir}/code-${name}-${scheme}.png`, fullPage: true });
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "login code" })).toBeVisible();
      await page.screenshot({ path: `${dir}/code-error-${name}-${scheme}.png`, fullPage: true });
      await context.close();
    }
  }
});
