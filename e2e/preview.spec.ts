// Preview deployments (PREVIEW_MODE=true): a reviewer lands on seeded demo data and can get in
// without a passkey; a regular server never offers that door.
import { test, expect } from "@playwright/test";
import { E2E_URL, PREVIEW_URL } from "../playwright.config";

test("a reviewer signs in as the demo admin and sees the seeded clients", async ({ page }) => {
  await page.goto(`${PREVIEW_URL}/`);
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByText("Preview deployment")).toBeVisible();
  await page.getByRole("button", { name: "Sign in as the demo admin" }).click();
  await expect(page).toHaveURL(/\/settings\/account$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("demo-admin");
  await expect(page.getByText("Passkey missing")).toBeVisible();
  await page.getByRole("link", { name: "OIDC Clients" }).click();
  await expect(page.getByTestId("client-list").getByText("Grafana (demo)")).toBeVisible();
  await expect(page.getByTestId("client-list").getByText("Single-page app (demo)")).toBeVisible();
});

test("outside preview mode there is no demo door", async ({ request }) => {
  const res = await request.post(`${E2E_URL}/api/preview/sign-in`, { headers: { origin: E2E_URL, "content-type": "application/json" }, data: {} });
  expect(res.status()).toBe(404);
});
