// Runs after foundation.spec.ts (file order): it mints its own user, and /setup must still be open for that spec.
// Passkey management on /settings/account in real Chromium (issue 9 item 1): add with the virtual
// authenticator, a passkey named and pictured from its AAGUID, rename with validation, delete with
// the explicit warning before the last one, and passkey autofill (conditional UI) on /login.
import { test, type Page } from "@playwright/test";
import { expect, addAuthenticator, mintUserSession, newPasskeyPage, type Authenticator } from "./fixtures";
import { E2E_URL } from "../playwright.config";
import { SoftPasskey } from "../tests/helpers/soft-passkey.mjs";

test.describe.configure({ mode: "serial" });

let page: Page;
let authenticator: Authenticator;
const GOOGLE_PM = "ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4";

test.beforeAll(async ({ browser }) => {
  ({ page, authenticator } = await newPasskeyPage(browser));
  await mintUserSession(page.context(), { username: "keys-user" });
});
test.afterAll(async () => {
  await page.context().close();
});

const items = () => page.getByTestId("passkey-item");

test("adds a passkey with the platform authenticator and shows its details", async () => {
  await page.goto("/settings/account");
  await expect(page.getByText("Passkey missing")).toBeVisible();
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(items()).toHaveCount(1);
  await expect(page.getByText("Single passkey configured")).toBeVisible();
  const item = items().first();
  await expect(item.getByTestId("passkey-name")).toHaveText("New Passkey");
  await expect(item.getByText("This device only")).toBeVisible();
  await expect(item.getByTestId("passkey-last-used")).toHaveText("Not used to sign in yet");
  await expect(item.getByText("this device", { exact: true })).toBeVisible();
});

test("a passkey from a known provider is named and pictured from its AAGUID", async () => {
  // A software authenticator reporting Google Password Manager's AAGUID, registered through the
  // same REST ceremony the page uses (the CDP authenticator's AAGUID is not in the list).
  const start = await page.request.get("/api/webauthn/register/start");
  const body = new SoftPasskey({ origin: E2E_URL, aaguid: GOOGLE_PM, backupEligible: true, backedUp: true }).register(await start.json());
  const finish = await page.request.post("/api/webauthn/register/finish", { headers: { origin: E2E_URL }, data: body });
  expect(finish.status()).toBe(201);
  await page.reload();
  await expect(items()).toHaveCount(2);
  const google = items().filter({ hasText: "Google Password Manager" });
  await expect(google.getByTestId("passkey-name")).toHaveText("Google Password Manager");
  await expect(google.getByText("Synced")).toBeVisible();
  const icon = google.locator("img").first();
  await expect(icon).toHaveAttribute("src", /^data:image\/(svg\+xml|png);base64,/);
  // The icon really renders (a broken data URI has naturalWidth 0).
  expect(await icon.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});

test("renames a passkey; an empty or too long name is refused next to the field", async () => {
  const item = items().filter({ hasText: "New Passkey" });
  await item.getByRole("button", { name: /^Rename/ }).click();
  const dialog = page.getByRole("dialog", { name: "Rename passkey" });
  const field = dialog.getByLabel("Name");
  await field.fill("   ");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Enter a name for the passkey");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await field.fill("x".repeat(51));
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Use at most 50 characters");
  await field.fill("Work laptop");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(dialog).toBeHidden();
  await expect(items().getByTestId("passkey-name")).toHaveText(["Work laptop", "Google Password Manager"]);
});

test("signs in with passkey autofill (conditional UI) on the sign-in page, the button still there", async ({ browser }) => {
  // The same passkey, in a fresh browser: the sign-in page offers it through the username field.
  const context = await browser.newContext();
  const p = await context.newPage();
  const other = await addAuthenticator(p, { autofill: true });
  // With no passkey on this device yet, the page waits: the field and the button are both there.
  await p.goto("/login");
  await expect(p.getByRole("button", { name: "Sign in with passkey" })).toBeVisible();
  await expect(p.getByLabel("Username")).toHaveAttribute("autocomplete", "username webauthn");
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id });
  for (const credential of credentials) await other.cdp.send("WebAuthn.addCredential", { authenticatorId: other.id, credential });
  await p.reload();
  // Chromium's virtual authenticator answers the pending conditional request by itself, as a
  // person picking the passkey from the field's suggestions would; no button is pressed.
  await p.waitForURL(/\/settings/, { timeout: 20_000 });
  await expect(p.getByTestId("signed-in-user")).toHaveText("keys-user");
  await context.close();
});

test("deleting a passkey asks first; the last one only after an explicit acknowledgement", async () => {
  await page.goto("/settings/account");
  await items().filter({ hasText: "Google Password Manager" }).getByRole("button", { name: /^Delete/ }).click();
  let dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("You will no longer be able to sign in with this passkey");
  await dialog.getByRole("button", { name: "Delete passkey" }).click();
  await expect(dialog).toBeHidden();
  await expect(items()).toHaveCount(1);

  await items().first().getByRole("button", { name: /^Delete/ }).click();
  dialog = page.getByRole("dialog", { name: "Delete your only passkey?" });
  await expect(dialog).toContainText("cannot sign in again once this session ends");
  const remove = dialog.getByRole("button", { name: "Delete passkey" });
  await expect(remove).toBeDisabled();
  await dialog.getByTestId("confirm-last-passkey").check();
  await remove.click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Passkey missing")).toBeVisible();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
});
