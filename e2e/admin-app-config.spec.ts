// Application configuration page (issue 8 items 4-5; inventory §4.1, §6.7) in a real browser: the
// sections, a refused value explained under its field with focus on it, the app name shown on the
// sign-in page and in titles, the accent colour applied on every page, secrets never shown; 375 px,
// light and dark screenshots. Restores the defaults afterwards (other specs expect "Pocket ID").
import { test, type Page } from "@playwright/test";
import { expect } from "./fixtures";
import { mintSession, openDb, screenshots } from "./admin-helpers";

test.describe.configure({ mode: "serial" });

let page: Page;
const suffix = Date.now().toString(36).slice(-5);
const NAME = `Acme ID ${suffix}`;
const PATH = "/settings/admin/application-configuration";

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  await mintSession(page, { username: `cfgadmin${suffix}`, isAdmin: true, firstName: "Cora", lastName: "Config" });
});
test.afterAll(async () => {
  // Back to the defaults for the specs that run after this one (the server re-reads within 3 s).
  const db = openDb();
  db.prepare("DELETE FROM app_config_variables").run();
  db.close();
  await page.waitForTimeout(3500);
  await page.context().close();
});

test("the admin navigation opens the page with Pocket ID's sections", async () => {
  await page.goto("/settings/admin/users");
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Application Configuration" }).click();
  await page.waitForURL(new RegExp(`${PATH}$`));
  await expect(page.getByRole("heading", { name: "Application Configuration", level: 1 })).toBeVisible();
  for (const section of ["General", "User creation", "Email", "Passkeys", "LDAP", "Dynamic clients"]) {
    await expect(page.getByRole("heading", { name: section, exact: true })).toBeVisible();
  }
  await expect(page.getByLabel("Application name")).toHaveValue("Pocket ID");
});

test("a refused value is explained under its field and focused; nothing is saved", async () => {
  await page.getByLabel("Application name").fill(NAME);
  await page.getByLabel("Custom accent colour").fill("red;}body{display:none}");
  await page.getByTestId("section-general").getByRole("button", { name: "Save" }).click();
  await expect(page.getByLabel("Custom accent colour")).toHaveAccessibleDescription(/Enter a colour such as #2563eb/);
  await expect(page.getByLabel("Custom accent colour")).toBeFocused();
  await page.goto(PATH);
  await expect(page.getByLabel("Application name")).toHaveValue("Pocket ID");
});

test("saving the app name and an accent colour applies them on every page, the sign-in page included", async () => {
  await page.getByLabel("Application name").fill(NAME);
  await page.getByTestId("accent-rose").click();
  await expect(page.getByLabel("Custom accent colour")).toHaveValue("oklch(0.63 0.2 15)");
  await page.getByTestId("section-general").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved.").first()).toBeVisible();
  await expect(page.getByTestId("app-name")).toHaveText(NAME);
  // The title is metadata of the next page load (the refresh after saving keeps the document).
  await page.reload();
  await expect(page).toHaveTitle(`Application Configuration | ${NAME}`);
  const primary = () => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--primary").trim());
  expect(await primary()).toBe("oklch(0.63 0.2 15)");

  // Signed out, on the sign-in page: same name and colour.
  const anon = await page.context().browser()!.newContext();
  const login = await anon.newPage();
  await login.goto("/login");
  await expect(login.getByTestId("app-name")).toHaveText(NAME);
  await expect(login).toHaveTitle(`Sign in | ${NAME}`);
  expect(await login.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--primary").trim())).toBe("oklch(0.63 0.2 15)");
  const button = login.getByRole("button", { name: /passkey/i }).first();
  expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
  await screenshots(login, "login-branded");
  await anon.close();
});

test("secrets are stored but never shown: a saved SMTP password reads as saved, and a test email says email is not available", async () => {
  await page.goto(PATH);
  await page.getByLabel("SMTP host").fill("smtp.example.com");
  await page.getByLabel("SMTP port").fill("587");
  await page.getByLabel("Sender address").fill("id@example.com");
  await page.getByTestId("smtpPassword-input").fill("hunter2-secret");
  await page.getByTestId("section-email").getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Settings saved.").first()).toBeVisible();
  await page.goto(PATH);
  await expect(page.getByTestId("smtpPassword-input")).toHaveValue("");
  await expect(page.getByTestId("smtpPassword-input")).toHaveAccessibleDescription(/A password is saved and never shown/);
  expect(await page.content()).not.toContain("hunter2-secret");
  await page.getByTestId("send-test-email").click();
  await expect(page.getByText("This server cannot send email yet").first()).toBeVisible();
  const db = openDb();
  const row = db.prepare("SELECT value FROM app_config_variables WHERE key = 'smtpPassword'").get() as { value: string };
  db.close();
  expect(row.value).toMatch(/^v1\./);
});

test("keyboard: the accent presets and switches are reachable and show focus; screenshots", async () => {
  await page.goto(PATH);
  await page.getByTestId("accent-blue").focus();
  await page.keyboard.press("Enter");
  await expect(page.getByLabel("Custom accent colour")).toHaveValue("oklch(0.6 0.18 255)");
  await page.getByLabel("Disable animations").focus();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Disable animations")).toBeChecked();
  await page.getByLabel("Disable animations").press("Space");
  await page.goto(PATH);
  await screenshots(page, "app-config");
});
