// Authorization pages of issue 6 in real Chromium: the form_post page (with and without JavaScript,
// allowed by its own CSP), choosing the account for prompt=select_account, and the group-restriction
// denial shown inside the provider. Screenshots at 375 px and desktop, light and dark.
import { test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { createServer, type Server } from "node:http";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import Database from "better-sqlite3";
import { expect } from "./fixtures";
import { E2E_URL, E2E_DATA_DIR } from "../playwright.config";

const APP_PORT = Number(process.env.E2E_PORT ?? 14110) + 7;
const CALLBACK = `http://127.0.0.1:${APP_PORT}/callback`;
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results/screens-authorization";
const CLIENT = `authz-${randomBytes(4).toString("hex")}`;
const RESTRICTED = `${CLIENT}-restricted`;
let appServer: Server;
let received: { method: string; url: string; body: string }[] = [];
test.describe.configure({ mode: "serial" });

function sqlite() {
  return new Database(`${E2E_DATA_DIR}/pocket-id.db`);
}

/** A user with a passkey-made session, minted straight into the server's database; returns the cookie value. */
function mintUser(username: string): string {
  const db = sqlite();
  const now = new Date().toISOString();
  const userId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  db.prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, ?, ?, ?, ?, 'Tester', ?)").run(
    userId, now, now, username, username, `${username}@example.com`, username[0].toUpperCase() + username.slice(1), `${username} Tester`,
  );
  db.prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')").run(
    randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString(),
  );
  db.close();
  return token;
}

function mintClient(id: string, opts: { restricted?: boolean; skipConsent?: boolean }) {
  const db = sqlite();
  const now = new Date().toISOString();
  db.prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, is_public, pkce_enabled, skip_consent, is_group_restricted) VALUES (?, ?, ?, ?, ?, 1, 1, ?, ?)").run(
    id, now, now, opts.restricted ? "Restricted App" : "Form Post App", JSON.stringify([CALLBACK]), opts.skipConsent ? 1 : 0, opts.restricted ? 1 : 0,
  );
  db.close();
}

function authorizeUrl(clientId: string, extra: Record<string, string> = {}) {
  const verifier = randomBytes(32).toString("base64url");
  const q = new URLSearchParams({
    response_type: "code", client_id: clientId, redirect_uri: CALLBACK, scope: "openid profile", state: "state-e2e-123",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", ...extra,
  });
  return `/authorize?${q}`;
}

async function signedInContext(browser: Browser, token: string, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(options);
  await context.addCookies([{ name: "access_token", value: token, url: E2E_URL }]);
  return { context, page: await context.newPage() };
}

/** 375 px and desktop, light and dark. */
async function screenshots(page: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  for (const [label, size] of [["375", { width: 375, height: 740 }], ["desktop", { width: 1280, height: 800 }]] as const) {
    await page.setViewportSize(size);
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.evaluate((s) => document.documentElement.classList.toggle("dark", s === "dark"), scheme).catch(() => {});
      await page.screenshot({ path: `${SHOTS}/${name}-${label}-${scheme}.png`, fullPage: true });
    }
  }
}

let aliceToken = "";

test.beforeAll(async () => {
  appServer = createServer((request, response) => {
    let body = "";
    request.on("data", (c) => (body += c));
    request.on("end", () => {
      if (request.url?.startsWith("/callback")) received.push({ method: request.method!, url: request.url!, body });
      response.writeHead(200, { "Content-Type": "text/html" }).end("<h1>App callback</h1>");
    });
  });
  await new Promise<void>((resolve) => appServer.listen(APP_PORT, "127.0.0.1", resolve));
  mintClient(CLIENT, { skipConsent: true });
  mintClient(RESTRICTED, { restricted: true });
  aliceToken = mintUser(`alice-${randomBytes(3).toString("hex")}`);
});
test.afterAll(() => appServer.close());
test.beforeEach(() => {
  received = [];
});

test("form_post: the page posts code, state and iss to the app by itself", async ({ browser }) => {
  const { context, page } = await signedInContext(browser, aliceToken);
  const violations: string[] = [];
  page.on("console", (m) => m.text().includes("Content Security Policy") && violations.push(m.text()));
  await page.goto(authorizeUrl(CLIENT, { response_mode: "form_post" }));
  await expect(page.getByText("App callback")).toBeVisible();
  expect(received).toHaveLength(1);
  expect(received[0].method).toBe("POST");
  const form = new URLSearchParams(received[0].body);
  expect(form.get("code")).toBeTruthy();
  expect(form.get("state")).toBe("state-e2e-123");
  expect(form.get("iss")).toBe(E2E_URL);
  expect(received[0].url).toBe("/callback");
  expect(violations).toEqual([]);
  await context.close();
});

test("form_post without JavaScript: a Continue button does the same", async ({ browser }) => {
  const { context, page } = await signedInContext(browser, aliceToken, { javaScriptEnabled: false });
  await page.goto(authorizeUrl(CLIENT, { response_mode: "form_post" }));
  await expect(page.getByRole("button", { name: "Continue" })).toBeFocused();
  expect(received).toHaveLength(0);
  await screenshots(page, "form-post");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("App callback")).toBeVisible();
  expect(new URLSearchParams(received[0].body).get("code")).toBeTruthy();
  await context.close();
});

test("prompt=select_account shows the signed-in account and continues as it", async ({ browser }) => {
  const { context, page } = await signedInContext(browser, aliceToken);
  await page.goto(authorizeUrl(CLIENT, { prompt: "select_account" }));
  await expect(page.getByRole("heading", { name: "Choose an account" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Use a different account" })).toBeVisible();
  await screenshots(page, "select-account");
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByTestId("continue-as").click();
  await expect(page.getByText("App callback")).toBeVisible();
  const callback = new URL(received.at(-1)!.url, CALLBACK);
  expect(callback.searchParams.get("code")).toBeTruthy();
  expect(callback.searchParams.get("iss")).toBe(E2E_URL);
  await context.close();
});

test("a group-restricted app shows No access inside the provider, never the app", async ({ browser }) => {
  const { context, page } = await signedInContext(browser, aliceToken);
  await page.goto(authorizeUrl(RESTRICTED));
  await expect(page.getByRole("heading", { name: "No access" })).toBeVisible();
  await expect(page.getByTestId("interaction-message")).toContainText("Restricted App");
  expect(new URL(page.url()).origin).toBe(E2E_URL);
  expect(received).toHaveLength(0);
  await expect(page.getByRole("button", { name: "Use a different account" })).toBeVisible();
  await screenshots(page, "group-denied");
  await context.close();
});
