import type { Page } from "@playwright/test";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import Database from "better-sqlite3";
import { E2E_DATA_DIR, E2E_URL } from "../playwright.config";

/** The e2e server's SQLite database, for arranging what the UI cannot (a passkey of another user, an expired key). */
export function openDb() {
  return new Database(`${E2E_DATA_DIR}/pocket-id.db`);
}

/** A user straight into the database, with a signed-in session in `page`'s context. */
export async function mintSession(page: Page, opts: { username: string; isAdmin: boolean; firstName?: string; lastName?: string }) {
  const sqlite = openDb();
  const now = new Date().toISOString();
  const userId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  const first = opts.firstName ?? opts.username;
  const last = opts.lastName ?? "Tester";
  sqlite
    .prepare(
      "INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name, is_admin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .run(userId, now, now, opts.username, opts.username.toLowerCase(), `${opts.username}@example.com`, first, last, `${first} ${last}`, opts.isAdmin ? 1 : 0);
  sqlite
    .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  await page.context().addCookies([{ name: "access_token", value: token, url: E2E_URL }]);
  return userId;
}

/** A passkey row for a user (the key material is never used: the admin only lists and revokes it). */
export function insertPasskey(userId: string, name: string) {
  const sqlite = openDb();
  const id = randomUUID();
  sqlite
    .prepare("INSERT INTO webauthn_credentials (id, created_at, name, credential_id, public_key, user_id) VALUES (?, ?, ?, ?, ?, ?)")
    .run(id, new Date().toISOString(), name, randomBytes(16).toString("base64url"), randomBytes(77), userId);
  sqlite.close();
  return id;
}

/**
 * Screenshots for review (issue 7 item 7): light and dark, 1280 px and 375 px. Written only when
 * SCREENSHOT_DIR is set, so a normal run leaves nothing behind.
 */
export async function screenshots(page: Page, name: string) {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 800 };
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [label, width] of [["desktop", 1280], ["375", 375]] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.waitForTimeout(150);
      await page.screenshot({ path: `${dir}/${name}-${label}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize(size);
}
