import { defineConfig } from "@playwright/test";
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/**
 * End-to-end tests against the built server (server.mjs on `next build` output) with a fresh
 * SQLite database, in real Chromium. Passkeys come from a CDP virtual authenticator.
 * Chromium: CHROMIUM_PATH, else /usr/bin/chromium (Debian), else Playwright's own browser.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 14110);
export const E2E_URL = `http://localhost:${E2E_PORT}`;
/** A second server in PREVIEW_MODE, as a preview deployment runs. */
export const PREVIEW_PORT = E2E_PORT + 1;
export const PREVIEW_URL = `http://localhost:${PREVIEW_PORT}`;
const dataDir = resolve(`test-results/e2e-data-${E2E_PORT}`);
export const E2E_DATA_DIR = dataDir;
/** The servers run the standalone artifact (npm run build:standalone), as the Docker image does. */
const serverDir = resolve(process.env.E2E_SERVER_DIR ?? ".next/standalone");
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [["list"]],
  use: {
    baseURL: E2E_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox", "--headless=new", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
  },
  // foundation.spec.ts creates the first admin through /setup, which closes once any admin exists;
  // every other spec may create users, so the foundation runs first whatever the file names.
  projects: [
    { name: "foundation", testMatch: /foundation\.spec\.ts$/ },
    { name: "pages-and-flows", testIgnore: /foundation\.spec\.ts$/, dependencies: ["foundation"] },
  ],
  webServer: [{
    command: `rm -rf ${dataDir} && node server.mjs`,
    cwd: serverDir,
    url: `${E2E_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PORT: String(E2E_PORT),
      HOST: "127.0.0.1",
      APP_URL: E2E_URL,
      DB_CONNECTION_STRING: `${dataDir}/pocket-id.db`,
      KEYS_PATH: `${dataDir}/keys`,
      // Uploaded images start empty each run too (the default would be data/uploads of the server's folder).
      UPLOAD_PATH: `${dataDir}/uploads`,
      ENCRYPTION_KEY: "e2e-test-encryption-key-0123456789",
      // The rate limiter is exercised by its own tests; e2e signs in many times from one IP.
      DISABLE_RATE_LIMITING: "true",
    },
  }, {
    command: `rm -rf ${dataDir}-preview && node server.mjs`,
    cwd: serverDir,
    url: `${PREVIEW_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    env: {
      PORT: String(PREVIEW_PORT),
      HOST: "127.0.0.1",
      APP_URL: PREVIEW_URL,
      DB_CONNECTION_STRING: `${dataDir}-preview/pocket-id.db`,
      KEYS_PATH: `${dataDir}-preview/keys`,
      UPLOAD_PATH: `${dataDir}-preview/uploads`,
      ENCRYPTION_KEY: "e2e-preview-encryption-key-0123456789",
      PREVIEW_MODE: "true",
    },
  }],
});
