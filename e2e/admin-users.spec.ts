// Issue 7 pages, main flows in a real browser: users (list search/sort/filter, create with the
// keyboard only, duplicate refused next to the field, edit, groups, custom claims, passkey revoke,
// disable, delete, the self and last-admin guards), user groups (members via the picker, claims,
// allowed clients, delete) and API keys (shown once, works, renew, revoke).
import { test, type Page } from "@playwright/test";
import { expect } from "./fixtures";
import { E2E_URL } from "../playwright.config";
import { insertPasskey, mintSession, openDb, screenshots } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

let page: Page;
let adminId = "";
const suffix = Date.now().toString(36).slice(-5);
const ADMIN = `admin7b${suffix}`;
const ALICE = `alice${suffix}`;
const BOB = `bob${suffix}`;
const GROUP = `Developers ${suffix}`;

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  adminId = await mintSession(page, { username: ADMIN, isAdmin: true, firstName: "Ada", lastName: "Admin" });
});
test.afterAll(async () => {
  await page.context().close();
});

/** Presses Tab until the element has focus (at most `max` times): keyboard-only navigation. */
async function tabTo(locator: ReturnType<Page["locator"]>, max = 40) {
  for (let i = 0; i < max; i++) {
    if (await locator.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("focus never reached the element by Tab");
}

test("the admin navigation lists Users, User Groups, OIDC Clients and API Keys, and works at 375 px", async () => {
  await page.goto("/settings/admin/users");
  const nav = page.getByRole("navigation", { name: "Settings" });
  for (const name of ["Users", "User Groups", "OIDC Clients", "API Keys"]) await expect(nav.getByRole("link", { name })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Users" })).toHaveAttribute("aria-current", "page");
  await page.setViewportSize({ width: 375, height: 800 });
  await expect(nav.getByRole("link", { name: "User Groups" })).toBeHidden();
  await nav.getByRole("button", { name: "Users" }).click();
  await nav.getByRole("link", { name: "User Groups" }).click();
  await page.waitForURL(/user-groups/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
  await page.setViewportSize({ width: 1280, height: 800 });
});

test("an admin creates a user with the keyboard only, and a duplicate username (other case) is refused next to the field", async () => {
  await page.goto("/settings/admin/users");
  await tabTo(page.getByRole("button", { name: "Add user" }));
  await expect(page.getByRole("button", { name: "Add user" })).toBeFocused();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Add user" });
  await expect(dialog).toBeVisible();
  await tabTo(dialog.getByLabel("Username"));
  await page.keyboard.type(ALICE);
  await page.keyboard.press("Tab");
  await page.keyboard.type(`${ALICE}@example.com`);
  await page.keyboard.press("Tab");
  await page.keyboard.type("Alice");
  await page.keyboard.press("Tab");
  await page.keyboard.type("Liddell");
  await expect(dialog.getByLabel("Display name")).toHaveValue("Alice Liddell");
  await page.keyboard.press("Enter");
  await page.waitForURL(/\/settings\/admin\/users\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("user-title")).toHaveText("Alice Liddell");
  await expect(page.getByTestId("toast-success")).toContainText(`User ${ALICE} created.`);

  // Same username in upper case: refused, the sentence tied to the field.
  await page.goto("/settings/admin/users");
  await page.getByRole("button", { name: "Add user" }).click();
  const again = page.getByRole("dialog", { name: "Add user" });
  await again.getByLabel("Username").fill(ALICE.toUpperCase());
  await again.getByLabel("Email", { exact: true }).fill(`other-${ALICE}@example.com`);
  await again.getByRole("button", { name: "Create user" }).click();
  const field = again.getByLabel("Username");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  const describedBy = (await field.getAttribute("aria-describedby"))!.split(" ")[0];
  await expect(page.locator(`#${describedBy}`)).toHaveText("This username is already in use: choose another one");
  await expect(field).toBeFocused();
  // Escape first dismisses the newest notification (the failure toast), then the dialog.
  await page.keyboard.press("Escape");
  await expect(page.getByTestId("toast-error")).toHaveCount(0);
  await page.keyboard.press("Escape");
  await expect(again).toBeHidden();
});

test("the user list searches, filters and sorts through the URL", async ({ browser }) => {
  // A second admin, Bob (his session lives in a context of its own).
  const other = await browser.newContext();
  await mintSession(await other.newPage(), { username: BOB, isAdmin: true, firstName: "Bob", lastName: "Builder" });
  await other.close();

  await page.goto("/settings/admin/users");
  await page.getByTestId("table-search").fill(suffix);
  await expect(page).toHaveURL(new RegExp(`search=${suffix}`));
  await expect(page.getByTestId("user-link")).toHaveCount(3);
  await page.getByTestId("filter-isAdmin").click();
  await page.getByRole("option", { name: "Non-admins" }).click();
  await expect(page).toHaveURL(/isAdmin=false/);
  await expect(page.getByTestId("user-link")).toHaveText(["Alice Liddell"]);
  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await expect(page).not.toHaveURL(/isAdmin=/);
  await page.getByTestId("table-search").fill(suffix);
  await expect(page).toHaveURL(new RegExp(`search=${suffix}`));
  await expect(page.getByTestId("user-link")).toHaveCount(3);
  const header = page.getByRole("columnheader", { name: /User/ }).first();
  await expect(header).toHaveAttribute("aria-sort", "ascending");
  await header.getByRole("link").click();
  await expect(page).toHaveURL(/direction=desc/);
  await expect(page.getByRole("columnheader", { name: /User/ }).first()).toHaveAttribute("aria-sort", "descending");
  const names = await page.getByTestId("user-link").allTextContents();
  expect(names[0]).toBe("Bob Builder");
  await screenshots(page, "users-list");
});

test("editing a user, their groups and custom claims (typed JSON, reserved keys refused)", async () => {
  // A group to put Alice in.
  await page.goto("/settings/admin/user-groups");
  await page.getByRole("button", { name: "Add group" }).click();
  const dlg = page.getByRole("dialog", { name: "Add group" });
  await dlg.getByLabel("Display name").fill(GROUP);
  await expect(dlg.getByLabel("Name", { exact: true })).toHaveValue(`developers_${suffix}`);
  await dlg.getByRole("button", { name: "Create group" }).click();
  await page.waitForURL(/user-groups\/[0-9a-f-]{36}$/);

  await page.goto(`/settings/admin/users?search=${ALICE}`);
  await page.getByTestId("user-link").first().click();
  await page.waitForURL(/users\/[0-9a-f-]{36}$/);
  await page.getByLabel("First name").fill("Alicia");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("User saved.");
  await expect(page.getByTestId("user-title")).toHaveText("Alicia Liddell");

  // Groups through the picker, keyboard only.
  const picker = page.getByRole("combobox", { name: "Groups of this user" });
  await picker.focus();
  await page.keyboard.type(suffix);
  await expect(page.getByRole("option", { name: new RegExp(GROUP) })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("picker-chip")).toHaveText([GROUP]);
  await page.getByRole("button", { name: "Save groups" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Group memberships saved.");

  // Claims: a reserved key is refused with a sentence; a list stays a list.
  const editor = page.getByTestId("user-claims-editor");
  await editor.getByRole("button", { name: "Add claim" }).click();
  await expect(editor.getByLabel("Key")).toBeFocused();
  await editor.getByLabel("Key").fill("email");
  await editor.getByLabel("Value").fill("x@example.com");
  await editor.getByRole("button", { name: "Save claims" }).click();
  await expect(editor.getByText('"email" is a standard claim that this server sets itself, so it cannot be a custom claim: choose another key.')).toBeVisible();
  await expect(editor.getByLabel("Key")).toHaveAttribute("aria-invalid", "true");
  await editor.getByLabel("Key").fill("roles");
  await editor.getByLabel("Type").click();
  await page.getByRole("option", { name: "List (JSON array)" }).click();
  await editor.getByLabel("Value").fill('["admins", "dev"');
  await editor.getByRole("button", { name: "Save claims" }).click();
  await expect(editor.getByText(/This is not valid JSON\. Write a list in square brackets/)).toBeVisible();
  await editor.getByLabel("Value").fill('["admins", "dev"]');
  await editor.getByRole("button", { name: "Save claims" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Custom claims saved.");
  await page.reload();
  await expect(page.getByTestId("user-claims-editor").getByLabel("Key")).toHaveValue("roles");
  await expect(page.getByTestId("user-claims-editor").getByLabel("Value")).toHaveValue('[\n  "admins",\n  "dev"\n]');
  await expect(page.getByTestId("picker-chip")).toHaveText([GROUP]);
  await screenshots(page, "user-detail");
});

test("an admin disables and re-enables a user after confirming", async () => {
  const sqlite = openDb();
  const alice = sqlite.prepare("SELECT id FROM users WHERE username = ?").get(ALICE) as { id: string };
  sqlite.close();
  await page.goto(`/settings/admin/users/${alice.id}`);
  await page.getByRole("button", { name: "Disable" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Disable user" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("User disabled");
  await expect(page.getByText("Disabled", { exact: true }).first()).toBeVisible();
  await page.getByRole("button", { name: "Enable" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Enable user" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("User enabled.");
});

test("an admin revokes a user's passkey after confirming (audited with the admin) and gives them a login code", async () => {
  const sqlite = openDb();
  const alice = sqlite.prepare("SELECT id FROM users WHERE username = ?").get(ALICE) as { id: string };
  sqlite.close();
  insertPasskey(alice.id, "Alice's phone");
  await page.goto(`/settings/admin/users/${alice.id}`);
  const list = page.getByTestId("user-passkeys");
  await expect(list).toContainText("Alice's phone");
  await page.getByRole("button", { name: "Revoke passkey Alice's phone" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText("only passkey");
  await confirm.getByRole("button", { name: "Revoke passkey" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Passkey revoked.");
  await expect(page.getByText("This user has no passkey yet")).toBeVisible();
  const db = openDb();
  const audit = db.prepare("SELECT data FROM audit_logs WHERE event = 'PASSKEY_REMOVED' AND user_id = ?").get(alice.id) as { data: string };
  db.close();
  expect(JSON.parse(audit.data)).toMatchObject({ passkeyName: "Alice's phone", actorUserId: adminId, actorUsername: ADMIN });

  // The way back in: a login code made from the same page.
  await page.getByRole("button", { name: "Login code" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByText("1 day").click();
  await dialog.getByRole("button", { name: "Create login code" }).click();
  await expect(dialog.getByTestId("login-code-result")).toBeVisible();
  await expect(dialog.getByTestId("login-code-url")).toContainText(/\/lc\/[A-Z0-9-]{12,}/i);
  await dialog.getByRole("button", { name: "Done" }).click();
});

test("an admin cannot demote, disable or delete themself: the controls say so and the server refuses a tampered form", async () => {
  await page.goto(`/settings/admin/users/${adminId}`);
  await expect(page.getByRole("switch", { name: "Admin" })).toBeDisabled();
  await expect(page.getByText("You cannot remove your own admin rights: ask another admin to do it.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Delete" })).toBeDisabled();
  await expect(page.getByRole("button", { name: "Disable" })).toBeDisabled();
  // A tampered request that still says "not admin" (the switch bypassed) is refused by the server, in words.
  await page.route(`**/settings/admin/users/${adminId}`, async (route) => {
    const req = route.request();
    if (req.method() !== "POST" || !req.headers()["next-action"]) return route.continue();
    await route.continue({ postData: (req.postData() ?? "").replace('"isAdmin":true', '"isAdmin":false') });
  });
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("user-form-error")).toHaveText("You cannot remove your own admin rights: ask another admin to do it.");
  await expect(page.getByTestId("toast-error")).toContainText("You cannot remove your own admin rights");
  await page.unrouteAll();
  await page.reload();
  await expect(page.getByRole("switch", { name: "Admin" })).toBeChecked();

  await page.goto(`/settings/admin/users?search=${ADMIN}`);
  await page.getByRole("button", { name: `Actions for ${ADMIN}` }).click();
  await expect(page.getByRole("menuitem", { name: /Delete/ })).toHaveAttribute("data-disabled", "");
  await page.keyboard.press("Escape");
});

test("deleting a user asks first, then removes them", async () => {
  await page.goto(`/settings/admin/users?search=${BOB}`);
  await page.getByRole("button", { name: `Actions for ${BOB}` }).click();
  await page.getByRole("menuitem", { name: "Delete" }).click();
  const confirm = page.getByRole("alertdialog");
  await expect(confirm).toContainText(`Delete ${BOB}?`);
  await confirm.getByRole("button", { name: "Delete user" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("User deleted.");
  await expect(page.getByTestId("users-table-empty")).toBeVisible();
  await expect(page.getByText("No user matches this search.")).toBeVisible();
});

test("a group: members with the user picker, count in the list, claims, allowed clients, delete", async () => {
  // A client to allow.
  await page.goto("/settings/admin/oidc-clients");
  await page.getByLabel("Name").fill(`App ${suffix}`);
  await page.getByLabel("Callback URL 1").fill("https://app.example.test/callback");
  await page.getByRole("button", { name: "Create client" }).click();
  await expect(page.getByTestId("client-created")).toBeVisible();

  await page.goto(`/settings/admin/user-groups?search=${suffix}`);
  await page.getByTestId("group-link").click();
  await page.waitForURL(/user-groups\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("picker-chip").first()).toHaveText("Alicia Liddell");
  const members = page.getByRole("combobox", { name: "Members" });
  await members.fill(ADMIN);
  await page.getByRole("option", { name: /Ada Admin/ }).click();
  await page.getByRole("button", { name: "Save members" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Members saved.");

  const editor = page.getByTestId("group-claims-editor");
  await editor.getByRole("button", { name: "Add claim" }).click();
  await editor.getByLabel("Key").fill("tier");
  await editor.getByLabel("Type").click();
  await page.getByRole("option", { name: "Number" }).click();
  await editor.getByLabel("Value").fill("two");
  await editor.getByRole("button", { name: "Save claims" }).click();
  await expect(editor.getByText("Enter a number, such as 42 or 3.5 (a dot for decimals, no spaces).")).toBeVisible();
  await editor.getByLabel("Value").fill("2");
  await editor.getByRole("button", { name: "Save claims" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Custom claims saved.");

  const clients = page.getByRole("combobox", { name: "Allowed clients" });
  await clients.fill(`App ${suffix}`);
  await page.getByRole("option", { name: new RegExp(`App ${suffix}`) }).click();
  await page.getByRole("button", { name: "Save clients" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Allowed clients saved.");
  await page.reload();
  await expect(page.getByTestId("group-clients-picker").getByTestId("picker-chip")).toHaveText([`App ${suffix}`]);
  await screenshots(page, "group-detail");

  await page.goto(`/settings/admin/user-groups?search=${suffix}`);
  await expect(page.getByTestId("member-count")).toHaveText("2");
  await screenshots(page, "groups-list");
  await page.getByRole("button", { name: `Delete group ${GROUP}` }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete group" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("Group deleted.");
  await expect(page.getByTestId("groups-table-empty")).toBeVisible();
});

test("API keys: created and shown once, it authenticates, an expired one is renewed, revoking asks first", async () => {
  await page.goto("/settings/api-keys");
  await page.waitForURL(/\/settings\/admin\/api-keys$/);
  await expect(page.getByText("No API keys yet.")).toBeVisible();
  await screenshots(page, "api-keys-empty");
  await page.getByRole("button", { name: "Create API key" }).click();
  const dlg = page.getByRole("dialog");
  await dlg.getByRole("button", { name: "Create" }).click();
  await expect(dlg.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
  await dlg.getByLabel("Name").fill("Terraform");
  await dlg.getByLabel("Description (optional)").fill("Provisioning from CI");
  await dlg.getByRole("button", { name: "Create" }).click();
  const token = (await page.getByTestId("api-key-token").textContent())!;
  expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
  const res = await fetch(`${E2E_URL}/api/users`, { headers: { "X-API-Key": token } });
  expect(res.status).toBe(200);
  await dlg.getByRole("button", { name: "Done" }).click();
  await expect(page.getByTestId("api-key-token")).toHaveCount(0);
  await expect(page.getByRole("cell", { name: /Terraform/ }).first()).toContainText("Provisioning from CI");

  // Expire it in the database: the Renew action appears and issues a new key.
  const sqlite = openDb();
  sqlite.prepare("UPDATE api_keys SET expires_at = ? WHERE name = 'Terraform'").run(new Date(Date.now() - 60_000).toISOString());
  sqlite.close();
  await page.reload();
  await expect(page.getByText("Expired")).toBeVisible();
  await screenshots(page, "api-keys-list");
  await page.getByRole("button", { name: "Renew API key Terraform" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Renew" }).click();
  const renewed = (await page.getByTestId("api-key-token").textContent())!;
  expect(renewed).toMatch(/^[A-Za-z0-9]{32}$/);
  expect(renewed).not.toBe(token);
  await page.getByRole("dialog").getByRole("button", { name: "Done" }).click();
  // A script without the browser's cookie: only the key authenticates it.
  expect((await fetch(`${E2E_URL}/api/users`, { headers: { "X-API-Key": renewed } })).status).toBe(200);
  expect((await fetch(`${E2E_URL}/api/users`, { headers: { "X-API-Key": token } })).status).toBe(401);

  await page.getByRole("button", { name: "Revoke API key Terraform" }).click();
  await page.getByRole("alertdialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("toast-success").last()).toContainText("API key revoked.");
  await expect(page.getByText("No API keys yet.")).toBeVisible();
  expect((await fetch(`${E2E_URL}/api/users`, { headers: { "X-API-Key": renewed } })).status).toBe(401);
});

test("a non-admin manages their own API keys but sees no admin pages", async ({ browser }) => {
  const context = await browser.newContext();
  const p = await context.newPage();
  await mintSession(p, { username: `carol${suffix}`, isAdmin: false });
  await p.goto("/settings/admin/api-keys");
  await expect(p.getByRole("heading", { name: "API Keys" })).toBeVisible();
  await expect(p.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Users" })).toHaveCount(0);
  await p.goto("/settings/admin/users");
  await expect(p).not.toHaveURL(/admin\/users/);
  await context.close();
});
