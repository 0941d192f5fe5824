// The global audit log (issue 8 item 6; inventory §6.6) in a real browser: filter by user and
// location, see the table follow the URL, export exactly the filtered view as CSV; screenshots
// at 375 px and desktop, light and dark.
import { test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { expect } from "./fixtures";
import { mintSession, openDb, screenshots } from "./admin-helpers";

const laptop = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36";
const phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** Rows as the server writes them (location stored with the row). */
function seed(userId: string, rows: [string, string, string, string | null, string | null, Record<string, string>][]) {
  const sqlite = openDb();
  const insert = sqlite.prepare("INSERT INTO audit_logs (id, created_at, event, ip_address, user_agent, data, user_id, country, city) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  rows.forEach(([event, ua, ip, country, city, data], i) =>
    insert.run(randomUUID(), new Date(Date.now() - (rows.length - i) * 3_600_000).toISOString(), event, ip, ua, JSON.stringify(data), userId, country, city),
  );
  sqlite.close();
}

function insertUser(username: string): string {
  const sqlite = openDb();
  const id = randomUUID();
  const now = new Date().toISOString();
  sqlite
    .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name, is_admin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)")
    .run(id, now, now, username, username.toLowerCase(), `${username}@example.com`, username, "Tester", `${username} Tester`);
  sqlite.close();
  return id;
}

test("an admin filters the global audit log by user and location and exports the filtered view", async ({ page }) => {
  const suffix = Math.random().toString(36).slice(2, 7);
  await mintSession(page, { username: `auditor-${suffix}`, isAdmin: true });
  const alice = insertUser(`alice-${suffix}`);
  const bob = insertUser(`bob-${suffix}`);
  seed(alice, [
    ["SIGN_IN", laptop, "192.168.1.20", "Internal Network", "LAN", {}],
    ["NEW_CLIENT_AUTHORIZATION", laptop, "203.0.113.7", "Germany", "Berlin", { clientName: `Grafana ${suffix}` }],
    ["PASSKEY_ADDED", phone, "100.101.1.2", "Internal Network", "Tailscale", { passkeyName: "=cmd|' /C calc'!A0" }],
  ]);
  seed(bob, [["CLIENT_AUTHORIZATION", phone, "198.51.100.23", "France", "Paris", { clientName: `Grafana ${suffix}` }]]);

  await page.goto("/settings/admin/users");
  await page.getByRole("link", { name: "Audit Log", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/admin\/audit-log/);
  const table = page.getByTestId("global-audit-log-table");
  await expect(table).toBeVisible();

  await page.getByTestId("filter-userId").click();
  await page.getByRole("option", { name: `alice-${suffix}` }).click();
  await expect(page).toHaveURL(new RegExp(`userId=${alice}`));
  await expect(table.locator("tbody tr")).toHaveCount(3);

  await page.getByTestId("filter-location").click();
  await page.getByRole("option", { name: "Internal network" }).click();
  await expect(page).toHaveURL(/location=internal/);
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table).toContainText("Signed in with a passkey");
  await expect(table).toContainText("Passkey added");
  await expect(table).not.toContainText("Authorized a new app");

  const download = page.waitForEvent("download");
  await page.getByTestId("audit-export").click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync((await file.path())!, "utf8").trim().split("\r\n");
  expect(lines).toHaveLength(3);
  expect(lines.slice(1).every((l) => l.includes(`alice-${suffix}`) && l.includes("Internal Network"))).toBe(true);
  // The passkey name that looks like a formula is exported as text.
  expect(lines.join("\n")).toContain(`""passkeyName"":""=cmd|' /C calc'!A0""`);
  expect(lines.join("\n")).not.toContain(bob);

  await page.getByRole("button", { name: "Clear search and filters" }).click();
  await expect(page).not.toHaveURL(/location=/);
  await page.getByTestId("filter-clientName").click();
  await page.getByRole("option", { name: `Grafana ${suffix}` }).click();
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await screenshots(page, "admin-audit-log");
});
