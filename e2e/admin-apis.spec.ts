// OAuth APIs admin pages (issue 6 item 8; inventory §6.4) in a real browser: create an API (the
// issuer refused next to the field), permissions, grant an app with permissions per subject type,
// the consent screen naming the permission, remove access and delete with confirmation; 375 px.
import { test, type Page } from "@playwright/test";
import { createHash } from "node:crypto";
import { expect } from "./fixtures";
import { E2E_URL } from "../playwright.config";
import { mintSession, openDb, screenshots } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

let page: Page;
const suffix = Date.now().toString(36).slice(-5);
const CLIENT_ID = `items-app-${suffix}`;
const CALLBACK = "https://items-app.example.test/cb";
const RESOURCE = `https://items-${suffix}.example.com`;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  await mintSession(page, { username: `apiadmin${suffix}`, isAdmin: true, firstName: "Ada", lastName: "Admin" });
  const db = openDb();
  const now = new Date().toISOString();
  db.prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, is_public, pkce_enabled) VALUES (?, ?, ?, ?, ?, 1, 1)").run(CLIENT_ID, now, now, `Items App ${suffix}`, JSON.stringify([CALLBACK]));
  db.close();
});
test.afterAll(async () => {
  await page.context().close();
});

test("the navigation lists APIs; an admin creates one, and the issuer as identifier is refused next to the field", async () => {
  await page.goto("/settings/admin/users");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "APIs" }).click();
  await page.waitForURL(/\/settings\/admin\/apis$/);
  await expect(page.getByRole("heading", { name: "APIs" })).toBeVisible();
  await page.getByRole("button", { name: "Add API" }).click();
  const dialog = page.getByRole("dialog", { name: "Add API" });
  await dialog.getByLabel("Name").fill(`Items ${suffix}`);
  await dialog.getByLabel("Identifier").fill(`${E2E_URL}/`);
  await dialog.getByRole("button", { name: "Create API" }).click();
  await expect(dialog.getByLabel("Identifier")).toHaveAccessibleDescription(/this sign-in service itself/);
  await expect(dialog.getByLabel("Identifier")).toBeFocused();
  await dialog.getByLabel("Identifier").fill(`${RESOURCE}/`);
  await dialog.getByRole("button", { name: "Create API" }).click();
  await page.waitForURL(/\/settings\/admin\/apis\/[^/]+$/);
  await expect(page.getByTestId("api-title")).toHaveText(`Items ${suffix}`);
  await expect(page.getByText(RESOURCE, { exact: true })).toBeVisible();
});

test("permissions are added, a reserved key is refused at its field, and saved", async () => {
  await page.getByRole("button", { name: "Add permission" }).click();
  await expect(page.getByLabel("Key").first()).toBeFocused();
  await page.keyboard.type("openid");
  await page.getByLabel("Name", { exact: true }).nth(1).fill("Read items");
  await page.getByRole("button", { name: "Save permissions" }).click();
  await expect(page.getByLabel("Key").first()).toHaveAccessibleDescription(/standard scope/);
  await page.getByLabel("Key").first().fill("items:read");
  await page.getByLabel("Description (optional)").first().fill("See your items");
  await page.getByRole("button", { name: "Add permission" }).click();
  await page.getByLabel("Key").nth(1).fill("items:write");
  await page.getByLabel("Name", { exact: true }).nth(2).fill("Change items");
  await page.getByRole("button", { name: "Save permissions" }).click();
  await expect(page.getByText("Permissions saved.").first()).toBeVisible();
  await expect(page.getByTestId("permission-row")).toHaveCount(2);
});

test("an app is granted the API with a permission, and its consent screen names that permission", async () => {
  const picker = page.getByRole("combobox", { name: "Grant an app access" });
  await picker.fill("Items App");
  await page.getByRole("option", { name: new RegExp(`Items App ${suffix}`) }).click();
  const grant = page.locator(`[data-client-id="${CLIENT_ID}"]`);
  await expect(grant).toBeVisible();
  // A public app cannot get client access.
  await expect(grant.getByRole("switch", { name: "Client access" })).toBeDisabled();
  await grant.getByRole("checkbox", { name: /Read items/ }).check();
  await grant.getByRole("button", { name: "Save access" }).click();
  await expect(page.getByText("Client access saved.").first()).toBeVisible();
  await screenshots(page, "admin-api-detail");

  // The app asks for the API with the permission: the consent screen lists it by name.
  await page.route(`${CALLBACK}**`, (route) => route.fulfill({ contentType: "text/html", body: "<h1>App callback</h1>" }));
  const verifier = "v".repeat(50);
  const q = new URLSearchParams({
    response_type: "code", client_id: CLIENT_ID, redirect_uri: CALLBACK, scope: "openid profile items:read", state: "state-12345",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256", resource: RESOURCE,
  });
  await page.goto(`/authorize?${q}`);
  await page.waitForURL(/\/interaction/);
  await expect(page.locator("[data-scope='items:read']")).toContainText("Read items");
  await expect(page.locator("[data-scope='items:read']")).toContainText("See your items");
  await screenshots(page, "consent-api-permission");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("App callback")).toBeVisible();
  expect(new URL(page.url()).searchParams.get("code")).toBeTruthy();
});

test("access is removed with confirmation, and the list and 375 px view work; the API is deleted with confirmation", async () => {
  await page.goBack();
  await page.goto("/settings/admin/apis");
  await page.getByRole("link", { name: `Items ${suffix}` }).click();
  await page.waitForURL(/\/settings\/admin\/apis\/[^/]+$/);
  await page.getByRole("button", { name: new RegExp(`Remove Items App ${suffix}'s access`) }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Remove access" }).click();
  await expect(page.getByTestId("no-client-grants")).toBeVisible();

  await page.goto(`/settings/admin/apis?search=${suffix}`);
  await expect(page.getByTestId("permission-count")).toHaveText("2");
  await screenshots(page, "admin-apis-list");
  await page.setViewportSize({ width: 375, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.getByRole("button", { name: `Delete API Items ${suffix}` }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("This cannot be undone");
  await confirm.getByRole("button", { name: "Delete API" }).click();
  await expect(page.getByText("No API matches this search.")).toBeVisible();
});
