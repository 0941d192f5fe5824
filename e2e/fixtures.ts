import { expect, type Browser, type BrowserContext, type Page, type CDPSession } from "@playwright/test";

export interface Authenticator {
  cdp: CDPSession;
  id: string;
}

/**
 * Chromium's virtual authenticator answers a pending conditional (autofill) request by itself, as
 * if the person had picked the passkey from the suggestions: with it, merely landing on /login
 * would sign in. Pages of tests that are not about autofill report it unsupported, so the sign-in
 * page keeps to its button (e2e/settings-account-passkeys.spec.ts tests autofill without this).
 */
export async function withoutPasskeyAutofill(context: BrowserContext) {
  await context.addInitScript(() => {
    if (typeof PublicKeyCredential !== "undefined") PublicKeyCredential.isConditionalMediationAvailable = async () => false;
  });
}

/** Adds a CDP virtual authenticator to a page: a platform passkey store with user verification. */
export async function addAuthenticator(page: Page, options: { autofill?: boolean } = {}): Promise<Authenticator> {
  if (!options.autofill) await withoutPasskeyAutofill(page.context());
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

/** One page + authenticator shared by the serial tests of a file (passkeys live in the authenticator). */
export async function newPasskeyPage(browser: Browser) {
  const context = await browser.newContext();
  await withoutPasskeyAutofill(context);
  const page = await context.newPage();
  const authenticator = await addAuthenticator(page);
  return { context, page, authenticator };
}

export async function credentialCount(auth: Authenticator): Promise<number> {
  const { credentials } = await auth.cdp.send("WebAuthn.getCredentials", { authenticatorId: auth.id });
  return credentials.length;
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/login/);
}

export { expect };

/**
 * A user and a signed-in session minted straight into the e2e server's SQLite database, the
 * session cookie set on `context`. For specs that need a user without taking the one-time /setup
 * (foundation.spec.ts must be the one to do that, whatever order the files run in).
 */
export async function mintUserSession(
  context: BrowserContext,
  user: { username: string; isAdmin?: boolean; firstName?: string; lastName?: string; email?: string },
): Promise<{ userId: string; token: string }> {
  const { default: Database } = await import("better-sqlite3");
  const { createHash, randomBytes, randomUUID } = await import("node:crypto");
  const { E2E_DATA_DIR, E2E_URL } = await import("../playwright.config");
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const token = randomBytes(32).toString("base64url");
  const firstName = user.firstName ?? user.username[0].toUpperCase() + user.username.slice(1);
  const lastName = user.lastName ?? "Tester";
  let userId: string;
  try {
    const existing = sqlite.prepare("SELECT id FROM users WHERE username_key = ?").get(user.username.toLowerCase()) as { id: string } | undefined;
    userId = existing?.id ?? randomUUID();
    if (!existing) {
      sqlite
        .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name, is_admin) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .run(userId, now, now, user.username, user.username.toLowerCase(), user.email ?? `${user.username}@example.com`, firstName, lastName, `${firstName} ${lastName}`, user.isAdmin ? 1 : 0);
    }
    sqlite
      .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
      .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString());
  } finally {
    sqlite.close();
  }
  await context.addCookies([{ name: "access_token", value: token, url: E2E_URL }]);
  return { userId, token };
}
