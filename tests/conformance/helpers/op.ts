import { expect, inject } from "vitest";
import * as oidc from "openid-client";
import { SoftPasskey, type PasskeyState } from "../../helpers/soft-passkey.mjs";

/**
 * The conformance suite's view of the running server: plain HTTP only (the standalone build
 * started by global-setup.ts), a cookie-keeping user agent, a software passkey, and the admin REST
 * API for registering clients. Every response passes `checkNoServerError`: no input may give a 5xx.
 */
export interface ConformanceContext {
  url: string;
  /** The standalone build the server runs, and its data directory (database, keys). */
  serverDir: string;
  dataDir: string;
  passkey: PasskeyState;
  adminUserId: string;
}

export function context(): ConformanceContext {
  return inject("conformance");
}

export const ISSUER = (): string => context().url;

/** RFC 6749 errors never come as 5xx here, except the documented temporarily_unavailable (503). */
export async function checkNoServerError(res: Response, what: string): Promise<void> {
  if (res.status < 500) return;
  const body = await res.clone().text();
  if (res.status === 503 && body.includes("temporarily_unavailable")) return;
  throw new Error(`${what} answered ${res.status}: ${body.slice(0, 300)}`);
}

/** The last response seen for each path, so a test can look at what a client library received. */
export const lastResponse = new Map<string, Response>();

/** fetch for openid-client (its customFetch): the same 5xx check on every call it makes. */
export const checkedFetch: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  const res = await fetch(input, init);
  await checkNoServerError(res, `${init?.method ?? "GET"} ${url}`);
  lastResponse.set(new URL(url).pathname, res.clone());
  return res;
};

export interface RequestInit2 {
  method?: string;
  form?: Record<string, string> | URLSearchParams;
  json?: unknown;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * A browser without JavaScript: keeps the server's cookies, follows nothing by itself (each
 * redirect is a step the tests look at), sends Origin on unsafe requests as a browser does.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly base = ISSUER()) {}

  async request(target: string | URL, init: RequestInit2 = {}): Promise<Response> {
    const url = new URL(target, this.base);
    const ours = url.origin === new URL(this.base).origin;
    const headers: Record<string, string> = { ...init.headers };
    let body: string | undefined = init.body;
    if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    } else if (init.json !== undefined) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    }
    const method = init.method ?? (body !== undefined ? "POST" : "GET");
    if (ours && this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (method !== "GET" && method !== "HEAD" && !headers.origin) headers.origin = new URL(this.base).origin;
    const res = await fetch(url, { method, headers, body, redirect: "manual" });
    await checkNoServerError(res, `${method} ${url.pathname}`);
    if (ours) this.keepCookies(res);
    return res;
  }

  private keepCookies(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split("=")[1]) < Date.now()));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** A passkey sign-in (or re-authentication) through the real WebAuthn ceremony. */
  async signIn(passkey: SoftPasskey = SoftPasskey.fromState(context().passkey)): Promise<void> {
    const options = await (await this.request("/api/webauthn/login/start")).json();
    const res = await this.request("/api/webauthn/login/finish", { json: passkey.assert(options) });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  async signOut(): Promise<void> {
    await this.request("/api/webauthn/logout", { method: "POST" });
    this.cookies.clear();
  }

  get signedIn(): boolean {
    return this.cookies.has("access_token");
  }
}

/** Where an authorization request ended for the client. */
export type AuthorizationResult =
  | { type: "callback"; url: URL }
  /** Our own error page: the client was not (and must not be) told. */
  | { type: "error_page"; url: URL; error: string | null };

export interface InteractionChoices {
  /** Answer the consent screen with "deny" instead of "consent". */
  deny?: boolean;
  /** Called whenever the server asks for the passkey (sign-in or re-authentication). */
  onPasskey?: () => void;
  /** Called whenever the server shows the consent screen. */
  onConsent?: () => void;
}

/**
 * Runs an authorization request as a user would: the browser follows /authorize, signs in with
 * the passkey when asked, answers the consent screen, until the server redirects away from
 * itself (the client's redirect URI) or to its own error page. `request` is a URL or the fields of
 * a POSTed authorization request.
 */
export async function authorize(browser: Browser, request: string | URL | { post: Record<string, string> }, choices: InteractionChoices = {}): Promise<AuthorizationResult> {
  const origin = new URL(browser.base).origin;
  let res = typeof request === "object" && "post" in request
    ? await browser.request("/authorize", { form: request.post })
    : await browser.request(request);
  for (let step = 0; step < 12; step++) {
    const location = res.headers.get("location");
    expect(location, `expected a redirect, got ${res.status}`).toBeTruthy();
    expect([302, 303]).toContain(res.status);
    const url = new URL(location!, origin);
    if (url.origin !== origin) return { type: "callback", url };
    if (url.pathname === "/interaction/error") return { type: "error_page", url, error: url.searchParams.get("error") };
    if (url.pathname === "/interaction") {
      const id = url.searchParams.get("interaction")!;
      const page = await browser.request(url);
      if (page.status !== 200) {
        res = page;
        continue;
      }
      const html = await page.text();
      if (/Sign in with (another )?passkey|Verify with passkey/.test(html)) {
        choices.onPasskey?.();
        await browser.signIn();
        res = await browser.request(`/authorize?interaction=${encodeURIComponent(id)}`);
      } else {
        choices.onConsent?.();
        const answer = await browser.request(`/api/oidc/interactions/${encodeURIComponent(id)}/complete`, { json: { step: choices.deny ? "deny" : "consent" } });
        expect(answer.status).toBe(200);
        const { redirectUrl } = await answer.json();
        const next = new URL(redirectUrl, origin);
        if (next.origin !== origin) return { type: "callback", url: next };
        res = await browser.request(next);
      }
      continue;
    }
    res = await browser.request(url);
  }
  throw new Error("the authorization request did not finish within 12 steps");
}

/** The callback URL of a finished authorization, failing the test on an error page. */
export async function authorizeToCallback(browser: Browser, request: string | URL | { post: Record<string, string> }, choices?: InteractionChoices): Promise<URL> {
  const result = await authorize(browser, request, choices);
  if (result.type !== "callback") throw new Error(`expected a redirect to the client, got our error page ${result.url}`);
  return result.url;
}

/** A signed-in admin browser (passkey sign-in of the bootstrap admin). */
export async function adminBrowser(): Promise<Browser> {
  const browser = new Browser();
  await browser.signIn();
  return browser;
}

export interface RegisteredClient {
  id: string;
  secret?: string;
  callback: string;
  logoutCallback?: string;
}

let clientCounter = 0;

/**
 * Registers a client through the admin REST API (POST /api/oidc/clients, then a generated secret
 * for a confidential one), as an admin would. Consent is skipped unless asked for, so each module
 * tests what it is about; modules about consent set skipConsent: false.
 */
export async function registerClient(admin: Browser, input: Record<string, unknown> = {}): Promise<RegisteredClient> {
  const n = ++clientCounter;
  const callback = (input.callbackURLs as string[] | undefined)?.[0] ?? `https://rp.example.com/cb-${process.pid}-${n}`;
  const body = { name: `Conformance RP ${n}`, callbackURLs: [callback], skipConsent: true, ...input };
  const res = await admin.request("/api/oidc/clients", { json: body });
  expect(res.status, await res.clone().text()).toBe(201);
  const client = await res.json();
  let secret: string | undefined;
  if (!client.isPublic) {
    const s = await admin.request(`/api/oidc/clients/${encodeURIComponent(client.id)}/secrets`, { method: "POST" });
    expect(s.status).toBe(201);
    secret = (await s.json()).secret;
  }
  return { id: client.id, secret, callback, logoutCallback: (input.logoutCallbackURLs as string[] | undefined)?.[0] };
}

/**
 * openid-client configured from our discovery document, as a relying party would: every request
 * it makes passes the 5xx check; http is allowed because the test server listens on loopback.
 */
export async function discover(client: RegisteredClient, auth?: oidc.ClientAuth): Promise<oidc.Configuration> {
  const config = await oidc.discovery(new URL(ISSUER()), client.id, client.secret, auth, {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: checkedFetch as oidc.CustomFetch,
  });
  return config;
}

/** A complete authorization request with PKCE, state and nonce; `extra` adds or overrides. */
export async function startFlow(config: oidc.Configuration, client: RegisteredClient, extra: Record<string, string> = {}) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const params: Record<string, string> = {
    redirect_uri: client.callback,
    scope: "openid profile email groups",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) if (v === "") delete params[k];
  const url = oidc.buildAuthorizationUrl(config, params);
  return { url, verifier, state, nonce, params };
}

/** Exchanges a callback for tokens with openid-client, checking state, nonce and PKCE. */
export function exchange(config: oidc.Configuration, callback: URL, flow: { verifier?: string; state?: string; nonce?: string }) {
  return oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
    idTokenExpected: true,
  });
}

/** A raw token request (for what a library refuses to send). */
export async function tokenRequest(form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const res = await fetch(`${ISSUER()}/api/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
  await checkNoServerError(res, "POST /api/oidc/token");
  return res;
}

export function basicAuth(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
}

/** An RFC 6749 §5.2 error response: the status, JSON body with this code, and no-store. */
export async function expectOAuthError(res: Response, status: number, error: string | string[]): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(res.headers.get("cache-control")).toContain("no-store");
  const body = await res.json();
  expect(Array.isArray(error) ? error : [error]).toContain(body.error);
  if (body.error_description !== undefined) expect(typeof body.error_description).toBe("string");
  return body;
}

/** The payload of a JWT (no verification: for reading claims that a library already verified). */
export function jwtPayload(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8"));
}

export function jwtHeader(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[0], "base64url").toString("utf8"));
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { oidc, SoftPasskey };

declare module "vitest" {
  export interface ProvidedContext {
    conformance: ConformanceContext;
  }
}
