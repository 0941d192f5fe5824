// Issue 8 items 1, 3, 8, 9 (clients): the client console in a real browser. Create a client with
// two callback URLs (a pattern the server refuses is marked before saving), edit its callback,
// rotate a secret (new one works, deleted one does not), restrict it to groups (a non-member is
// refused at sign-in), grant an API, the wrong-callback page as an admin sees it, delete.
import { test, type Page } from "@playwright/test";
import { expect, mintUserSession } from "./fixtures";
import { E2E_URL } from "../playwright.config";
import { mintSession, openDb, screenshots } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

let page: Page;
const suffix = Date.now().toString(36).slice(-5);
const NAME = `Console ${suffix}`;
const CB1 = `https://console-${suffix}.example.test/oauth/callback`;
const CB2 = `https://*.console-${suffix}.example.test/cb`;
const CB1_EDITED = `https://console-${suffix}.example.test/auth/callback`;
let clientId = "";
/** A 1×1 PNG: a real image, so the server's content checks accept it. */
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
let firstSecret = "";
let secondSecret = "";

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  await mintSession(page, { username: `admin8c${suffix}`, isAdmin: true, firstName: "Ada", lastName: "Console" });
});
test.afterAll(async () => {
  await page.context().close();
});

/** HTTP Basic client authentication against introspection: 200 when the secret authenticates. */
async function secretWorks(secret: string): Promise<boolean> {
  const res = await page.request.post("/api/oidc/introspect", {
    headers: { authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}` },
    form: { token: "not-a-token" },
  });
  return res.status() === 200;
}

test("the list says when nothing matches, and the create form marks a callback pattern the server would refuse before saving", async () => {
  await page.goto(`/settings/admin/oidc-clients?search=${suffix}`);
  await expect(page.getByTestId("clients-table-empty")).toContainText("No client matches this search.");
  await screenshots(page, "clients-list-empty");

  await page.getByLabel("Name", { exact: true }).fill(NAME);
  await page.getByLabel("Description").fill("Made by the console e2e test");
  await page.getByLabel("Callback URL 1", { exact: true }).fill(CB1);
  await page.getByRole("button", { name: "Add another" }).click();
  const second = page.getByLabel("Callback URL 2", { exact: true });
  await second.fill("javascript:alert(1)");
  await second.blur();
  await expect(page.locator("#client-callbackURLs-1-error")).toHaveText("The javascript: scheme is not allowed: use https://, or your app's own scheme for a native app");
  await expect(second).toHaveAttribute("aria-invalid", "true");
  // A host Chromium's URL parser lets through but the server's refuses: the page shows the server's verdict.
  await second.fill("https://exa mple.test/cb");
  await second.blur();
  await expect(page.locator("#client-callbackURLs-1-error")).toContainText("Enter a full URL with a scheme");
  // Save is refused in the page, the field gets the focus.
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(second).toBeFocused();
  await second.fill(CB2);
  await expect(page.locator("#client-callbackURLs-1-error")).toHaveCount(0);
  await page.getByLabel("Launch URL").fill(`https://console-${suffix}.example.test/`);
  await page.getByLabel("Requires re-authentication").click();
  await page.getByLabel("Access token lifetime (minutes)").fill("15");
  await page.getByLabel("Logo (optional)").setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
  await screenshots(page, "clients-create-form");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("client-created")).toBeVisible();
  clientId = (await page.getByTestId("created-client-id").textContent())!.trim();
  firstSecret = (await page.getByTestId("created-client-secret").textContent())!.trim();
  expect(firstSecret).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(await secretWorks(firstSecret)).toBe(true);
  const logo = await page.request.get(`/api/oidc/clients/${clientId}/logo?light=true`);
  expect(logo.status()).toBe(200);
  expect(logo.headers()["content-type"]).toContain("image/png");
});

test("the list finds the client with its badges and opens it", async () => {
  await page.goto(`/settings/admin/oidc-clients?search=${suffix}`);
  const table = page.getByTestId("clients-table");
  await expect(table.getByTestId("client-link")).toHaveText(NAME);
  await expect(table.getByTestId("client-badges").first()).toContainText("Re-auth");
  await expect(table.getByTestId("client-logo")).toBeVisible();
  // Filters narrow the list: this client is confidential.
  await page.goto(`/settings/admin/oidc-clients?search=${suffix}&isPublic=true`);
  await expect(page.getByTestId("clients-table-empty")).toBeVisible();
  await page.goto(`/settings/admin/oidc-clients?search=${suffix}&isPublic=false`);
  await screenshots(page, "clients-list");
  await page.getByTestId("client-link").click();
  await page.waitForURL(/\/settings\/admin\/oidc-clients\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("client-title")).toHaveText(NAME);
  await expect(page.getByTestId("client-tab-general")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("client-id")).toHaveText(clientId);
  await expect(page.getByTestId("client-endpoints")).toContainText(`${E2E_URL}/.well-known/openid-configuration`);
  await expect(page.getByLabel("Access token lifetime (minutes)")).toHaveValue("15");
  await screenshots(page, "client-general");
});

test("editing a callback URL is checked while typing and saved", async () => {
  const cb1 = page.getByLabel("Callback URL 1", { exact: true });
  await expect(cb1).toHaveValue(CB1);
  await cb1.fill("https://console.example.test/cb#fragment");
  await cb1.blur();
  await expect(page.locator("#edit-client-callbackURLs-0-error")).toHaveText("Remove the #fragment: a callback URL cannot contain one");
  await cb1.fill(CB1_EDITED);
  await page.getByRole("button", { name: "Add logout callback URL" }).click();
  await page.getByLabel("Logout callback URL 1", { exact: true }).fill(`https://console-${suffix}.example.test/logged-out`);
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Client saved.");
  await page.reload();
  await expect(page.getByLabel("Callback URL 1", { exact: true })).toHaveValue(CB1_EDITED);
  await expect(page.getByLabel("Callback URL 2", { exact: true })).toHaveValue(CB2);
  await expect(page.getByLabel("Logout callback URL 1", { exact: true })).toHaveValue(`https://console-${suffix}.example.test/logged-out`);
});

test("rotating a secret: the new one is shown once and works, the deleted old one does not", async () => {
  // The tab strip works with the keyboard: focus the tab, Enter opens it.
  await page.getByTestId("client-tab-credentials").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("client-tab-credentials")).toHaveAttribute("aria-current", "page");
  await expect(page.getByTestId("secret-row")).toHaveCount(1);
  await page.getByRole("button", { name: "New secret" }).click();
  const dialog = page.getByRole("dialog", { name: "New client secret" });
  await dialog.getByRole("button", { name: "Create secret" }).click();
  await expect(page.getByTestId("new-client-secret")).toBeVisible();
  secondSecret = (await page.getByTestId("new-client-secret").textContent())!.trim();
  expect(secondSecret).not.toBe(firstSecret);
  await screenshots(page, "client-new-secret");
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("secret-row")).toHaveCount(2);
  expect(await secretWorks(secondSecret)).toBe(true);

  await page.getByRole("button", { name: `Delete secret ${firstSecret.slice(0, 4)}` }).click();
  const confirm = page.getByTestId("confirm-dialog");
  await expect(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
  await confirm.getByRole("button", { name: "Delete secret" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Secret deleted");
  await expect(page.getByTestId("secret-row")).toHaveCount(1);
  await expect(page.getByTestId("secret-row")).toHaveAttribute("data-secret-prefix", secondSecret.slice(0, 4));
  expect(await secretWorks(firstSecret)).toBe(false);
  expect(await secretWorks(secondSecret)).toBe(true);
  await screenshots(page, "client-credentials");
});

test("restricted to a group: a warning while no group is chosen, and a non-member is refused at sign-in", async () => {
  const group = await page.request.post("/api/user-groups", { headers: { origin: E2E_URL }, data: { name: `console-${suffix}`, friendlyName: `Console team ${suffix}` } });
  expect(group.status()).toBe(201);

  await page.getByTestId("client-tab-groups").click();
  await expect(page.getByTestId("client-unrestricted")).toBeVisible();
  await page.getByRole("button", { name: "Restrict to groups" }).click();
  await page.getByTestId("confirm-dialog").getByRole("button", { name: "Restrict" }).click();
  await expect(page.getByTestId("no-group-warning")).toContainText(`Nobody can sign in to ${NAME}`);
  await screenshots(page, "client-groups-none");

  const picker = page.getByRole("combobox", { name: "Allowed groups" });
  await picker.fill(`Console team ${suffix}`);
  await page.getByRole("option", { name: new RegExp(`Console team ${suffix}`) }).click();
  await page.getByRole("button", { name: "Save groups" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Allowed groups saved.");
  await expect(page.getByTestId("no-group-warning")).toHaveCount(0);

  // A signed-in user outside the group asks to sign in to the app.
  const context = await page.context().browser()!.newContext();
  await mintUserSession(context, { username: `outsider${suffix}` });
  const outsider = await context.newPage();
  await outsider.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&nonce=n0nce1234&redirect_uri=${encodeURIComponent(CB1_EDITED)}`);
  await expect(outsider.getByTestId("interaction-message")).toContainText(`this account is not allowed to use ${NAME}`);
  await context.close();
});

test("API access: grant an API to the client with a permission", async () => {
  const api = await page.request.post("/api/apis", { headers: { origin: E2E_URL }, data: { name: `Orders ${suffix}`, resource: `https://orders-${suffix}.example.test` } });
  expect(api.status()).toBe(201);
  const apiId = (await api.json()).id as string;
  const perms = await page.request.put(`/api/apis/${apiId}/permissions`, { headers: { origin: E2E_URL }, data: { permissions: [{ key: "orders:read", name: "Read orders" }] } });
  expect(perms.ok()).toBe(true);

  await page.getByTestId("client-tab-api-access").click();
  await expect(page.getByText("This client may not use any API yet.")).toBeVisible();
  const picker = page.getByRole("combobox", { name: "Grant access to an API" });
  await picker.fill(`Orders ${suffix}`);
  await page.getByRole("option", { name: new RegExp(`Orders ${suffix}`) }).click();
  await expect(page.getByTestId("api-grant")).toHaveCount(1);
  await page.getByTestId("api-grant").getByLabel(/Read orders/).check();
  await page.getByRole("button", { name: "Save access" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("API access saved.");
  await page.reload();
  await expect(page.getByTestId("api-grant").getByLabel(/Read orders/)).toBeChecked();
  await screenshots(page, "client-api-access");
});

test("a wrong callback: the admin sees the URI received, the registered ones, and a link to the client", async () => {
  const sent = `https://console-${suffix}.example.test/oauth/callback/`;
  await page.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent(sent)}`);
  await expect(page).toHaveURL(/\/interaction\/error\?error=invalid_redirect_uri/);
  await expect(page.getByTestId("sent-redirect-uri")).toHaveText(sent);
  const hint = page.getByTestId("admin-callback-hint");
  await expect(hint.getByTestId("registered-callbacks").getByRole("listitem")).toHaveText([CB1_EDITED, CB2]);
  await screenshots(page, "wrong-callback-admin");
  await hint.getByRole("link", { name: `Edit ${NAME}'s callback URLs` }).click();
  await page.waitForURL(new RegExp(`/settings/admin/oidc-clients/${clientId}$`));
  await expect(page.getByTestId("client-title")).toHaveText(NAME);

  // A user who is not an admin sees the URI and the advice, never the registered list.
  const context = await page.context().browser()!.newContext();
  await mintUserSession(context, { username: `plain${suffix}` });
  const plain = await context.newPage();
  await plain.goto(`/authorize?client_id=${clientId}&response_type=code&scope=openid&state=abcdefgh12&redirect_uri=${encodeURIComponent(sent)}`);
  await expect(plain.getByTestId("sent-redirect-uri")).toHaveText(sent);
  await expect(plain.getByTestId("admin-callback-hint")).toHaveCount(0);
  await expect(plain.getByText(CB2)).toHaveCount(0);
  await context.close();
});

test("deleting the client asks for its name, then returns to the list with a toast", async () => {
  await page.getByRole("button", { name: "Delete client" }).click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await dialog.getByRole("button", { name: "Delete client" }).click();
  await expect(dialog.getByRole("alert")).toContainText(`Type “${NAME}” exactly`);
  await dialog.getByLabel("Type the client's name to confirm").fill(NAME);
  await dialog.getByRole("button", { name: "Delete client" }).click();
  await page.waitForURL(/\/settings\/admin\/oidc-clients$/);
  await expect(page.getByTestId("toast-success").last()).toContainText("Client deleted.");
  expect((await page.request.get(`/api/oidc/clients/${encodeURIComponent(clientId)}`)).status()).toBe(404);
  expect(await secretWorks(secondSecret)).toBe(false);
});

test("a CIMD client: found by the Registration filter, its document's fields read-only, with Refresh metadata", async () => {
  const id = `https://cimd-${suffix}.example.test/client.json`;
  const now = new Date().toISOString();
  const sqlite = openDb();
  sqlite
    .prepare(
      "INSERT INTO oidc_clients (id, created_at, updated_at, name, client_type, callback_urls, logout_callback_urls, is_public, pkce_enabled, metadata_expires_at, metadata_grant_types) VALUES (?, ?, ?, ?, 'cimd', ?, '[]', 1, 1, ?, '[\"authorization_code\"]')",
    )
    .run(id, now, now, `Doc app ${suffix}`, JSON.stringify([`https://cimd-${suffix}.example.test/cb`]), new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  await page.goto(`/settings/admin/oidc-clients?search=${suffix}&clientType=cimd`);
  await expect(page.getByTestId("client-link")).toHaveText(`Doc app ${suffix}`);
  await expect(page.getByTestId("client-badges").first()).toContainText("CIMD");
  await page.getByTestId("client-link").click();
  await page.waitForURL(/\/settings\/admin\/oidc-clients\/~[A-Za-z0-9_-]+$/);
  await expect(page.getByTestId("client-title")).toHaveText(`Doc app ${suffix}`);
  await expect(page.getByTestId("cimd-notice")).toBeVisible();
  await expect(page.getByLabel("Name", { exact: true })).toHaveAttribute("readonly", "");
  await expect(page.getByLabel("Callback URL 1", { exact: true })).toHaveAttribute("readonly", "");
  await expect(page.getByRole("button", { name: "Refresh metadata" })).toBeVisible();
  // The admin's own fields still save.
  await page.getByLabel("Description").fill("Registered by its document");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Client saved.");
  await screenshots(page, "client-cimd");
});
