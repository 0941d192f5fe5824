import { expect, type Browser, type Page, type CDPSession } from "@playwright/test";

export interface Authenticator {
  cdp: CDPSession;
  id: string;
}

/** Adds a CDP virtual authenticator to a page: a platform passkey store with user verification. */
export async function addAuthenticator(page: Page): Promise<Authenticator> {
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
