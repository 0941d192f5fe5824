// Branding images and client logos (issue 8 items 1 and 5) in real Chromium: an admin uploads a
// light logo in the Images section and a signed-out visitor sees it on the login page; a client
// logo uploaded over the REST API shows on the consent screen and in My Apps; an SVG carrying
// script never runs, even opened directly. Screenshots (375 px and desktop, light and dark) when
// SCREENSHOT_DIR is set.
import { test, type Page } from "@playwright/test";
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { expect } from "./fixtures";
import { mintSession, openDb, screenshots } from "./admin-helpers";
import { E2E_DATA_DIR, E2E_URL } from "../playwright.config";

test.describe.configure({ mode: "serial" });

const IMAGES_PAGE = "/settings/admin/application-configuration";
const CALLBACK = "https://logo-app.example.test/cb";
const clientId = `logo-app-${randomUUID().slice(0, 8)}`;
let page: Page;

/** Whether an <img> has loaded real pixels. */
async function loaded(page: Page, testId: string) {
  return page.getByTestId(testId).first().evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
}

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  page = await context.newPage();
  await mintSession(page, { username: `brand-admin-${randomUUID().slice(0, 6)}`, isAdmin: true, firstName: "Brand", lastName: "Admin" });
  const db = openDb();
  const now = new Date().toISOString();
  db.prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, description, callback_urls, launch_url, is_public, pkce_enabled) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 1)").run(
    clientId, now, now, "Logo App", "An app with a logo", JSON.stringify([CALLBACK]), "https://logo-app.example.test/",
  );
  db.close();
});

test("an admin uploads a light logo in the Images section; a signed-out visitor sees it on the login page", async ({ browser }) => {
  await page.goto(IMAGES_PAGE);
  await expect(page.getByTestId("section-images")).toBeVisible();
  // Before: the built-in default previews, nothing to reset.
  await expect(page.getByTestId("image-logo-light-preview")).toBeVisible();
  await expect(page.getByTestId("image-logo-light-delete")).toHaveCount(0);
  await expect(page.getByTestId("image-background-none")).toBeVisible();
  await screenshots(page, "images-section-defaults");

  const logo = await sharp({ create: { width: 120, height: 40, channels: 4, background: "#e11d48" } }).png().toBuffer();
  await page.getByTestId("image-logo-light-file").setInputFiles({ name: "brand.png", mimeType: "image/png", buffer: logo });
  await expect(page.getByText("Logo (light theme) updated.").first()).toBeVisible();
  await expect(page.getByTestId("image-logo-light-delete")).toBeVisible();
  // The header of this very page now carries it (the page refreshed).
  await expect(page.getByTestId("app-logo").first()).toBeVisible();
  expect(await loaded(page, "app-logo")).toBe(true);

  // A refused upload says why, under the field.
  await page.getByTestId("image-email-file").setInputFiles({ name: "mail.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') });
  await expect(page.getByTestId("image-email-error")).toHaveText("SVG images are not accepted here. Upload a PNG or JPEG image.");
  await screenshots(page, "images-section-uploaded");

  const visitor = await browser.newContext();
  const login = await visitor.newPage();
  await login.goto("/login");
  const img = login.getByTestId("app-logo").first();
  await expect(img).toBeVisible();
  const src = (await img.getAttribute("src"))!;
  expect(src).toMatch(/^\/api\/application-images\/logo\?light=true&v=[\w-]{43}$/);
  expect(await loaded(login, "app-logo")).toBe(true);
  const served = await login.request.get(src);
  expect(served.headers()["content-type"]).toBe("image/png");
  expect(served.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
  // The favicon link carries the favicon's version.
  await expect(login.locator("link[rel='icon']")).toHaveAttribute("href", /\/api\/application-images\/favicon\?v=[\w-]{43}/);
  await screenshots(login, "login-with-logo");
  await visitor.close();

  // Back to the default: the login page shows the built-in mark again.
  await page.getByTestId("image-logo-light-delete").click();
  await expect(page.getByText(/Logo \(light theme\): Reset to default/).first()).toBeVisible();
  const again = await browser.newContext();
  const login2 = await again.newPage();
  await login2.goto("/login");
  await expect(login2.getByTestId("app-logo-default").first()).toBeVisible();
  await again.close();
});

test("a client logo uploaded over the REST API shows on the consent screen and in My Apps", async () => {
  const logo = await sharp({ create: { width: 64, height: 64, channels: 4, background: "#2563eb" } }).png().toBuffer();
  const res = await page.request.post(`/api/oidc/clients/${clientId}/logo?light=true`, {
    headers: { origin: E2E_URL },
    multipart: { file: { name: "logo.png", mimeType: "image/png", buffer: logo } },
  });
  expect(res.status()).toBe(204);

  await page.route(`${CALLBACK}**`, (route) => route.fulfill({ contentType: "text/html", body: "<h1>App callback</h1>" }));
  const verifier = "w".repeat(50);
  const q = new URLSearchParams({
    response_type: "code", client_id: clientId, redirect_uri: CALLBACK, scope: "openid profile", state: "state-logo-1",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256",
  });
  await page.goto(`/authorize?${q}`);
  await page.waitForURL(/\/interaction/);
  await expect(page.getByText("Continue to Logo App?")).toBeVisible();
  await expect(page.getByTestId("client-logo").first()).toBeVisible();
  expect(await loaded(page, "client-logo")).toBe(true);
  await screenshots(page, "consent-with-logo");
  await page.getByRole("button", { name: "Allow" }).click();
  await expect(page.getByText("App callback")).toBeVisible();

  await page.goto("/settings/apps");
  const card = page.getByTestId("my-apps").getByRole("listitem").filter({ hasText: "Logo App" });
  await expect(card.getByTestId("client-logo")).toBeVisible();
  expect(await card.getByTestId("client-logo").evaluate((img: HTMLImageElement) => img.naturalWidth > 0)).toBe(true);
  await screenshots(page, "my-apps-with-logo");
});

test("an SVG with script is refused at upload, and one placed in storage behind the checks' back still cannot run when opened", async () => {
  const evil = `<svg xmlns="http://www.w3.org/2000/svg" onload="document.title='pwned';alert(1)"><script>document.title='pwned';alert(2)</script><rect width="10" height="10" fill="red"/></svg>`;
  const refused = await page.request.post(`/api/oidc/clients/${clientId}/logo?light=false`, {
    headers: { origin: E2E_URL },
    multipart: { file: { name: "evil.svg", mimeType: "image/svg+xml", buffer: Buffer.from(evil) } },
  });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toMatch(/^This SVG contains/);

  // Plant it as the dark logo directly (as a compromised disk or an old release might have).
  const dir = join(E2E_DATA_DIR, "uploads", "oidc-client-images");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${clientId}-dark.svg`), evil);
  const db = openDb();
  db.prepare("UPDATE oidc_clients SET dark_image_type = 'svg' WHERE id = ?").run(clientId);
  db.close();

  let dialogs = 0;
  page.on("dialog", (d) => {
    dialogs++;
    void d.dismiss();
  });
  const response = await page.goto(`/api/oidc/clients/${clientId}/logo?light=false`);
  expect(response!.headers()["content-type"]).toBe("image/svg+xml");
  expect(response!.headers()["x-content-type-options"]).toBe("nosniff");
  expect(response!.headers()["content-security-policy"]).toContain("sandbox");
  await page.waitForTimeout(300);
  expect(dialogs).toBe(0);
  expect(await page.title()).not.toBe("pwned");
});
