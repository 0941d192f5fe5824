// The account page's profile, picture and sessions in real Chromium (issue 9 items 2-3): edit the
// profile with an inline refusal for a taken username; upload a picture (stored as a 300×300 PNG)
// and reset it to the initials; a second browser signed in with a copy of the passkey appears as
// a session, and ending it from the first signs the second out; an admin ends a user's sessions.
import { test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import sharp from "sharp";
import { expect, addAuthenticator, mintUserSession, newPasskeyPage, withoutPasskeyAutofill, type Authenticator } from "./fixtures";
import { screenshots } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1";

let page: Page;
let authenticator: Authenticator;
let userId: string;

test.beforeAll(async ({ browser }) => {
  ({ page, authenticator } = await newPasskeyPage(browser));
  ({ userId } = await mintUserSession(page.context(), { username: "profile-user", firstName: "Ada", lastName: "Lovelace" }));
  await mintUserSession(await browser.newContext(), { username: "taken-name" });
});
test.afterAll(async () => {
  await page.context().close();
});

const avatar = () => page.getByTestId("picture-image");
const headerAvatar = () => page.getByTestId("header-avatar");
const toast = (text: string) => page.getByTestId("toast-success").filter({ hasText: text });

test("edits the profile; a taken username is refused next to the field, which takes the focus", async () => {
  await page.goto("/settings/account");
  const form = page.getByTestId("profile-form");
  await expect(form.getByLabel("Username")).toHaveValue("profile-user");
  const headerBefore = await headerAvatar().getAttribute("src");

  await form.getByLabel("Username").fill("Taken-Name");
  await form.getByRole("button", { name: "Save" }).click();
  const username = form.getByLabel("Username");
  await expect(form.getByTestId("field-error")).toHaveText("This username is already in use: choose another one");
  await expect(username).toBeFocused();
  await expect(username).toHaveAttribute("aria-invalid", "true");
  await form.getByRole("button", { name: "Discard changes" }).click();
  await expect(username).toHaveValue("profile-user");

  await form.getByLabel("First name").fill("Grace");
  await form.getByLabel("Last name").fill("Hopper");
  await form.getByLabel("Display name").fill("Amazing Grace");
  await form.getByLabel("Language").selectOption("de");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(toast("Your account details are saved.")).toBeVisible();
  await page.reload();
  await expect(form.getByLabel("First name")).toHaveValue("Grace");
  await expect(form.getByLabel("Display name")).toHaveValue("Amazing Grace");
  await expect(form.getByLabel("Language")).toHaveValue("de");
  // New initials, new avatar: the header's picture URL follows.
  await expect(headerAvatar()).not.toHaveAttribute("src", headerBefore!);
  const me = await (await page.request.get("/api/users/me")).json();
  expect(me).toMatchObject({ firstName: "Grace", lastName: "Hopper", displayName: "Amazing Grace", locale: "de" });
});

test("uploads a picture, refuses a file that is not an image, and resets to the initials", async () => {
  await page.goto("/settings/account");
  const initials = await avatar().getAttribute("src");
  expect(await avatar().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(300);

  const photo = await sharp({ create: { width: 800, height: 500, channels: 3, background: "#e11d48" } }).jpeg().toBuffer();
  await page.getByTestId("picture-file").setInputFiles({ name: "me.jpg", mimeType: "image/jpeg", buffer: photo });
  await expect(toast("Profile picture updated.")).toBeVisible();
  await expect(avatar()).not.toHaveAttribute("src", initials!);
  const src = (await avatar().getAttribute("src"))!;
  await expect(headerAvatar()).toHaveAttribute("src", src);
  const png = Buffer.from(await (await page.request.get(src)).body());
  const meta = await sharp(png).metadata();
  expect([meta.format, meta.width, meta.height]).toEqual(["png", 300, 300]);

  await page.getByTestId("picture-file").setInputFiles({ name: "notes.png", mimeType: "image/png", buffer: Buffer.from("not really a picture") });
  await expect(page.getByTestId("picture-error-text")).toContainText("not an image");
  await expect(avatar()).toHaveAttribute("src", src);

  await page.getByRole("button", { name: "Use initials instead" }).click();
  await expect(toast("Profile picture reset to your initials.")).toBeVisible();
  await expect(avatar()).not.toHaveAttribute("src", src);
  await expect(page.getByRole("button", { name: "Use initials instead" })).toHaveCount(0);
});

let copies = 0;

/** A second browser with a copy of the first one's passkey, signed in through /login like a person would. */
async function secondBrowser(browser: Browser, userAgent?: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext(userAgent ? { userAgent } : {});
  await withoutPasskeyAutofill(context);
  const p = await context.newPage();
  const auth = await addAuthenticator(p);
  const { credentials } = await authenticator.cdp.send("WebAuthn.getCredentials", { authenticatorId: authenticator.id });
  // Each copy starts its sign counter above every earlier one: the server refuses a counter that
  // does not grow (a cloned authenticator, WebAuthn §6.1.1), which copies sharing one would be.
  copies += 1;
  for (const credential of credentials) await auth.cdp.send("WebAuthn.addCredential", { authenticatorId: auth.id, credential: { ...credential, signCount: copies * 1000 } });
  await p.goto("/login");
  await p.getByRole("button", { name: "Sign in with passkey" }).click();
  await p.waitForURL(/\/settings/);
  return { context, page: p };
}

test("ends another browser's session from the account page: that browser is signed out", async ({ browser }) => {
  await page.goto("/settings/account");
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByTestId("passkey-item")).toHaveCount(1);
  const phone = await secondBrowser(browser, IPHONE);

  await page.reload();
  const sessions = page.getByTestId("session-item");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.first()).toHaveAttribute("data-current", "true");
  await expect(sessions.first().getByText("This device")).toBeVisible();
  const other = sessions.filter({ hasText: "Safari 18.5 on iOS 18.5" });
  await expect(other).toContainText("with passkey");
  await expect(other).toContainText("127.0.0.1 · localhost, Internal Network");
  await screenshots(page, "account");

  await other.getByRole("button", { name: /^End session: Safari 18\.5 on iOS 18\.5/ }).click();
  await expect(sessions).toHaveCount(1);
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/login\?redirect=/);
  await phone.context.close();
});

test("ends all other sessions at once after a confirmation; this one stays", async ({ browser }) => {
  const a = await secondBrowser(browser);
  const b = await secondBrowser(browser, IPHONE);
  await page.goto("/settings/account");
  await expect(page.getByTestId("session-item")).toHaveCount(3);
  await page.getByTestId("end-all-sessions").click();
  const dialog = page.getByTestId("confirm-dialog");
  await expect(dialog).toContainText("This ends your 2 other sessions. This device stays signed in.");
  await screenshots(page, "account-end-all-dialog");
  await dialog.getByRole("button", { name: "End other sessions" }).click();
  await expect(page.getByTestId("session-item")).toHaveCount(1);
  for (const other of [a, b]) {
    await other.page.goto("/settings/account");
    await expect(other.page).toHaveURL(/\/login\?redirect=/);
    await other.context.close();
  }
  await page.reload();
  await expect(page.getByTestId("profile-form")).toBeVisible();
});

test("an admin sees a user's sessions on the user page and signs them out everywhere", async ({ browser }) => {
  const phone = await secondBrowser(browser, IPHONE);
  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await mintUserSession(adminContext, { username: "sessions-admin", isAdmin: true });
  await admin.goto(`/settings/admin/users/${userId}`);
  const card = admin.getByTestId("session-list");
  await expect(card.getByTestId("session-item")).toHaveCount(2);
  await expect(admin.getByTestId("admin-picture-image")).toBeVisible();
  await screenshots(admin, "admin-user-sessions");
  await admin.getByTestId("end-all-sessions").click();
  await admin.getByTestId("confirm-dialog").getByRole("button", { name: "End all sessions" }).click();
  await expect(admin.getByText("profile-user is not signed in anywhere.")).toBeVisible();
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/login\?redirect=/);
  await page.reload();
  await expect(page).toHaveURL(/\/login\?redirect=/);
  await phone.context.close();
  await adminContext.close();
});
