// examples/nextjs-app (next-auth's generic OIDC provider) signs a user in through this server end to
// end in Chromium: discovery, PKCE, state, nonce, the passkey, consent, then the app shows the user's
// name and groups, and its "Refresh now" runs the refresh_token grant.
import { test } from "@playwright/test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import Database from "better-sqlite3";
import { expect, newPasskeyPage } from "./fixtures";
import { E2E_DATA_DIR, E2E_PORT, E2E_URL } from "../playwright.config";

const EXAMPLE_DIR = resolve("examples/nextjs-app");
const NEXT_BIN = resolve("node_modules/next/dist/bin/next");
const APP_PORT = Number(process.env.E2E_EXAMPLE_PORT ?? E2E_PORT + 5);
// Another host than the provider's (localhost), so the two never share cookies, as in production.
// Not 127.0.0.1: Next.js rewrites a loopback IP in a request URL to "localhost", so next-auth's
// callback would send the token endpoint another redirect_uri than /authorize received. Chromium
// resolves every *.localhost name to the loopback address itself.
const APP_URL = `http://app.localhost:${APP_PORT}`;
/** Node's resolver may not know *.localhost: the readiness check goes to the address. */
const APP_PROBE_URL = `http://127.0.0.1:${APP_PORT}`;
const CLIENT_ID = "nextjs-example";
/**
 * Inside this repository Turbopack takes the repository root (its lockfile) as the project root and
 * bundles the provider's own instrumentation.ts and proxy.ts into the example; webpack does not.
 * A copy of the example outside the repository builds with plain `next build`.
 */
export const EXAMPLE_BUILD_ARGS = ["build", "--webpack"];
const CLIENT_SECRET = randomBytes(24).toString("base64url");

let app: ChildProcess | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(600_000);
  // npm test builds the example before the e2e step; a lone `playwright test` builds it here.
  if (!existsSync(resolve(EXAMPLE_DIR, ".next/BUILD_ID"))) {
    const built = spawnSync(process.execPath, [NEXT_BIN, ...EXAMPLE_BUILD_ARGS], { cwd: EXAMPLE_DIR, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
    expect(built.status).toBe(0);
  }
  app = spawn(process.execPath, [NEXT_BIN, "start", "-p", String(APP_PORT), "-H", "127.0.0.1"], {
    cwd: EXAMPLE_DIR,
    stdio: ["ignore", "inherit", "inherit"],
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      POCKET_ID_ISSUER: E2E_URL,
      POCKET_ID_CLIENT_ID: CLIENT_ID,
      POCKET_ID_CLIENT_SECRET: CLIENT_SECRET,
      AUTH_SECRET: randomBytes(32).toString("base64"),
      AUTH_URL: APP_URL,
    },
  });
  await expect.poll(async () => (await fetch(APP_PROBE_URL).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
});

test.afterAll(async () => {
  if (app && app.exitCode === null) {
    app.kill("SIGTERM");
    await new Promise((r) => app!.once("exit", r));
  }
});

/**
 * The client an admin would register (README "Connect a Next.js app"), a user in two groups, and a
 * signed-in session for that user so the test can add a passkey first: straight into the server's
 * database, so this spec does not depend on which admin other specs created.
 */
function seed() {
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const userId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  sqlite
    .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, 'grace', 'grace', 'grace@example.com', 'Grace', 'Hopper', 'Grace Hopper')")
    .run(userId, now, now);
  for (const [name, friendly] of [["engineers", "Engineers"], ["navy", "Navy"]]) {
    const groupId = randomUUID();
    sqlite.prepare("INSERT INTO user_groups (id, created_at, updated_at, friendly_name, name) VALUES (?, ?, ?, ?, ?)").run(groupId, now, now, friendly, name);
    sqlite.prepare("INSERT INTO user_groups_users (user_id, user_group_id) VALUES (?, ?)").run(userId, groupId);
  }
  sqlite
    .prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, logout_callback_urls) VALUES (?, ?, ?, 'Next.js example', ?, ?)")
    .run(CLIENT_ID, now, now, JSON.stringify([`${APP_URL}/api/auth/callback/pocket-id`]), JSON.stringify([APP_URL]));
  sqlite
    .prepare("INSERT INTO oidc_client_secrets (id, created_at, client_id, alg, secret_hash, prefix) VALUES (?, ?, ?, 'sha256', ?, ?)")
    .run(randomUUID(), now, CLIENT_ID, createHash("sha256").update(CLIENT_SECRET).digest("hex"), CLIENT_SECRET.slice(0, 4));
  sqlite
    .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"otp\"]', ?, ?, '')")
    .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  return token;
}

test("a Next.js app with next-auth signs in through us and shows the user's name and groups", async ({ browser }) => {
  const sessionToken = seed();
  const { context, page } = await newPasskeyPage(browser);

  // Grace adds a passkey to her account, then signs out of the provider.
  await context.addCookies([{ name: "access_token", value: sessionToken, url: E2E_URL }]);
  await page.goto(`${E2E_URL}/settings/account`);
  await page.getByRole("button", { name: "Add passkey" }).click();
  await expect(page.getByTestId("passkey-list").getByText("New Passkey")).toHaveCount(1);
  await context.clearCookies();

  // The app: not signed in; "Sign in with Pocket ID" goes to our /authorize with PKCE, state and nonce.
  await page.goto(APP_URL);
  await expect(page.getByText("You are not signed in.")).toBeVisible();
  const authorizeRequest = page.waitForRequest((r) => r.url().startsWith(`${E2E_URL}/authorize`));
  await page.getByRole("button", { name: "Sign in with Pocket ID" }).click();
  const authorize = new URL((await authorizeRequest).url());
  expect(authorize.searchParams.get("redirect_uri")).toBe(`${APP_URL}/api/auth/callback/pocket-id`);
  expect(authorize.searchParams.get("client_id")).toBe(CLIENT_ID);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorize.searchParams.get("state")!.length).toBeGreaterThanOrEqual(8);
  expect(authorize.searchParams.get("nonce")).toBeTruthy();

  // Our sign-in with the passkey, then consent.
  await page.getByRole("button", { name: "Sign in with passkey" }).click();
  await expect(page.getByText("Continue to Next.js example?")).toBeVisible();
  await page.getByRole("button", { name: "Allow" }).click();

  // Back in the app: name and groups from the ID token.
  await page.waitForURL(`${APP_URL}/`);
  await expect(page.getByTestId("user-name")).toHaveText("Grace Hopper");
  await expect(page.getByTestId("user-username")).toHaveText("grace");
  await expect(page.getByTestId("user-groups").getByRole("listitem")).toHaveText(["engineers", "navy"]);
  await expect(page.getByTestId("refresh-count")).toHaveText("0");

  // The refresh_token grant through the app: a new access token, the user still shown.
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(page.getByTestId("refresh-count")).toHaveText("1");
  await expect(page.getByTestId("user-name")).toHaveText("Grace Hopper");
  // (Not getByRole("alert"): Next.js renders its route announcer with that role.)
  await expect(page.getByText("Your sign-in has ended")).toHaveCount(0);

  // Signing out of the app ends the app's session.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are not signed in.")).toBeVisible();
  await context.close();
});
