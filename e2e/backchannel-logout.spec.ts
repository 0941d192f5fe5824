// Back-channel logout (OIDC Back-Channel Logout 1.0, issue 6 item 7) in real Chromium: a user who
// signed in to an app clicks "Sign out" on the provider's page, and the app's back-channel logout
// endpoint receives a Logout Token for that very session, signed with a key of the JWKS.
import { test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { createRemoteJWKSet, decodeJwt, jwtVerify } from "jose";
import { expect } from "./fixtures";
import { E2E_URL, E2E_DATA_DIR } from "../playwright.config";

const APP_PORT = Number(process.env.E2E_PORT ?? 14110) + 8;
const APP = `http://127.0.0.1:${APP_PORT}`;
const CALLBACK = `${APP}/callback`;
const CLIENT = `bcl-${randomBytes(4).toString("hex")}`;
let appServer: Server;
const callbacks: string[] = [];
const logoutTokens: string[] = [];

test.beforeAll(async () => {
  appServer = createServer((request, response) => {
    let body = "";
    request.on("data", (c) => (body += c));
    request.on("end", () => {
      if (request.url === "/backchannel-logout" && request.method === "POST") {
        logoutTokens.push(new URLSearchParams(body).get("logout_token") ?? "");
        response.writeHead(200, { "Cache-Control": "no-store" }).end();
        return;
      }
      if (request.url?.startsWith("/callback")) callbacks.push(request.url);
      response.writeHead(200, { "Content-Type": "text/html" }).end("<h1>App callback</h1>");
    });
  });
  await new Promise<void>((resolve) => appServer.listen(APP_PORT, "127.0.0.1", resolve));
  const db = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  db.prepare(
    "INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, is_public, pkce_enabled, skip_consent, is_group_restricted, backchannel_logout_uri) VALUES (?, ?, ?, 'Back-channel App', ?, 1, 1, 1, 0, ?)",
  ).run(CLIENT, now, now, JSON.stringify([CALLBACK]), `${APP}/backchannel-logout`);
  db.close();
});
test.afterAll(() => appServer.close());

/** A user with a passkey-made session, minted into the server's database; returns the cookie value. */
function mintUser(): string {
  const db = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const userId = randomUUID();
  const username = `bob-${randomBytes(3).toString("hex")}`;
  const token = randomBytes(32).toString("base64url");
  db.prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, ?, ?, ?, 'Bob', 'Tester', 'Bob Tester')").run(
    userId, now, now, username, username, `${username}@example.com`,
  );
  db.prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')").run(
    randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString(),
  );
  db.close();
  return token;
}

test("signing out on the provider's page sends the app a Logout Token for that session", async ({ browser }) => {
  const context = await browser.newContext();
  await context.addCookies([{ name: "access_token", value: mintUser(), url: E2E_URL }]);
  const page = await context.newPage();

  // The app signs the user in (code flow with PKCE) and keeps the ID token.
  const verifier = randomBytes(32).toString("base64url");
  const q = new URLSearchParams({
    response_type: "code", client_id: CLIENT, redirect_uri: CALLBACK, scope: "openid profile", state: "state-bcl-123",
    code_challenge: createHash("sha256").update(verifier).digest("base64url"), code_challenge_method: "S256",
  });
  await page.goto(`/authorize?${q}`);
  await expect(page.getByText("App callback")).toBeVisible();
  const code = new URL(callbacks.at(-1)!, APP).searchParams.get("code")!;
  const tokenRes = await fetch(`${E2E_URL}/api/oidc/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: CALLBACK, client_id: CLIENT, code_verifier: verifier }),
  });
  expect(tokenRes.status).toBe(200);
  const idToken = decodeJwt((await tokenRes.json()).id_token);
  expect(idToken.sid).toBeTruthy();

  // The user signs out at the provider.
  await page.goto("/logout");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  // The outbox is drained every few seconds by the server.
  await expect.poll(() => logoutTokens.length, { timeout: 20_000 }).toBe(1);
  const jwks = createRemoteJWKSet(new URL(`${E2E_URL}/.well-known/jwks.json`));
  const { payload } = await jwtVerify(logoutTokens[0], jwks, { issuer: E2E_URL, audience: CLIENT, typ: "logout+jwt" });
  expect(payload).toMatchObject({ sub: idToken.sub, sid: idToken.sid, events: { "http://schemas.openid.net/event/backchannel-logout": {} } });
  expect(payload).not.toHaveProperty("nonce");
  await context.close();
});
