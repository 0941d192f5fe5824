// Per-client claim mapping (issue 8 item 2) and the OIDC data preview (item 1): an admin maps
// preferred_username to the email address and adds a static claim in the Claims editor, then sees
// them in the previewed ID token; a real openid-client relying party gets an ID token and userinfo
// that carry the same mapping. Screenshots at 375 px and desktop, light and dark (SCREENSHOT_DIR).
import { test, expect } from "@playwright/test";
import * as oidc from "openid-client";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mintSession, openDb, screenshots } from "./admin-helpers";
import { E2E_URL } from "../playwright.config";

test.describe.configure({ mode: "serial" });

const CALLBACK = "http://127.0.0.1:14299/cb";
const suffix = randomBytes(3).toString("hex");
const clientId = `claims-${suffix}`;
const username = `mapped-${suffix}`;
const secret = randomBytes(24).toString("base64url");
const sessionToken = randomBytes(32).toString("base64url");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
let userId = "";

/** The client page's Claims tab (the OIDC data preview is the tab after it). */
const claimsUrl = `/settings/admin/oidc-clients/${clientId}?tab=claims`;

test.beforeAll(async () => {
  const db = openDb();
  const now = new Date().toISOString();
  userId = randomUUID();
  db.prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, email_verified, first_name, last_name, display_name) VALUES (?, ?, ?, ?, ?, ?, 1, 'Mapped', 'User', 'Mapped User')")
    .run(userId, now, now, username, username, `${username}@example.com`);
  db.prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, sha256(sessionToken), userId, now, new Date(Date.now() + 3600_000).toISOString());
  db.prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, skip_consent) VALUES (?, ?, ?, ?, ?, 1)").run(clientId, now, now, "Mapped App", JSON.stringify([CALLBACK]));
  db.prepare("INSERT INTO oidc_client_secrets (id, created_at, client_id, secret_hash, prefix) VALUES (?, ?, ?, ?, ?)").run(randomUUID(), now, clientId, sha256(secret), secret.slice(0, 4));
  db.close();
});

test("an admin maps preferred_username to the email, adds a static claim and previews the tokens", async ({ page }) => {
  await mintSession(page, { username: `admin-${suffix}`, isAdmin: true });
  await page.goto(claimsUrl);
  await expect(page.getByRole("heading", { name: "Standard claims" })).toBeVisible();

  await page.getByLabel("preferred_username from").selectOption("email");
  // A protocol claim is refused with a sentence next to the field.
  await page.getByRole("button", { name: "Add a static claim" }).click();
  await page.getByLabel("Claim name").fill("nonce");
  await page.getByLabel("Value", { exact: true }).fill('{"id": 7, "plan": "pro"}');
  await page.getByRole("button", { name: "Save claim mapping" }).click();
  await expect(page.getByText('"nonce" is a protocol claim that clients rely on to validate tokens: choose another claim name')).toBeVisible();
  await expect(page.getByLabel("Claim name")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Claim name").fill("tenant");
  await page.getByRole("button", { name: "Add a rename" }).click();
  await page.getByLabel("Claim", { exact: true }).fill("groups");
  await page.getByLabel("Renamed to").fill("roles");
  await page.getByRole("button", { name: "Save claim mapping" }).click();
  await expect(page.getByTestId("toast-success")).toContainText("Claim mapping saved");
  await page.reload();
  await expect(page.getByLabel("preferred_username from")).toHaveValue("email");
  await expect(page.getByLabel("Claim name")).toHaveValue("tenant");
  await screenshots(page, "client-claims-tab");

  await page.getByTestId("client-tab-preview").click();
  await expect(page).toHaveURL(/\?tab=preview$/);

  // The preview: pick the user, keep the identity scopes, read the three documents.
  await page.getByRole("combobox", { name: "User", exact: true }).fill(username);
  await page.getByRole("option", { name: new RegExp(username) }).click();
  await page.getByRole("button", { name: "Show the tokens" }).click();
  const idToken = page.getByTestId("preview-id-token");
  await expect(idToken).toContainText(`"preferred_username": "${username}@example.com"`);
  await expect(idToken).toContainText('"tenant": {');
  await expect(idToken).toContainText('"roles": []');
  await expect(page.getByTestId("preview-userinfo")).toContainText(`"preferred_username": "${username}@example.com"`);
  await expect(page.getByTestId("preview-access-token")).toContainText(`"client_id": "${clientId}"`);

  // Without the email scope, preferred_username (now from the email) is not released.
  await page.getByRole("checkbox", { name: "email" }).click();
  await page.getByRole("button", { name: "Show the tokens" }).click();
  await expect(idToken).not.toContainText("preferred_username");
  await page.getByRole("checkbox", { name: "email" }).click();
  await page.getByRole("button", { name: "Show the tokens" }).click();
  await expect(idToken).toContainText("preferred_username");
  await screenshots(page, "client-preview-tab");
});

test("a relying party (openid-client) gets an ID token and userinfo with the mapping", async () => {
  const config = await oidc.discovery(new URL(E2E_URL), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK, scope: "openid profile email groups", code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256", state, nonce,
  });
  const res = await fetch(url, { headers: { cookie: `access_token=${sessionToken}` }, redirect: "manual" });
  expect(res.status).toBe(302);
  const tokens = await oidc.authorizationCodeGrant(config, new URL(res.headers.get("location")!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
  const claims = tokens.claims()!;
  expect(claims).toMatchObject({ sub: userId, preferred_username: `${username}@example.com`, tenant: { id: 7, plan: "pro" }, roles: [] });
  expect(claims).not.toHaveProperty("groups");
  const info = await oidc.fetchUserInfo(config, tokens.access_token, userId);
  expect(info).toMatchObject({ preferred_username: `${username}@example.com`, tenant: { id: 7, plan: "pro" }, roles: [] });
  // A refresh mints a fresh ID token with the current mapping.
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.claims()).toMatchObject({ preferred_username: `${username}@example.com`, tenant: { id: 7, plan: "pro" } });
});
