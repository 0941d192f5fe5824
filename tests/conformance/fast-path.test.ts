// server.mjs answers the hot protocol endpoints without Next.js's router (lib/http/fast-path.mjs,
// issue 10 item 3). A client must not be able to tell: for every fast-pathed endpoint, method and
// edge case, the status, the body and every header (CSP, X-Content-Type-Options, Referrer-Policy,
// X-Frame-Options, Cache-Control, CORS, ETag/304, WWW-Authenticate, Allow, Vary, and HSTS when the
// issuer is https) equal what the same build answers with FAST_PATH=off, i.e. through Next.js.
// Four more servers of the suite's build run on the suite's database: a pair (fast path on, off)
// for the suite's http issuer, whose users' tokens they accept, and a pair for an https issuer.
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverEnv, waitForHealth } from "./helpers/global-setup";
import { SoftPasskey } from "../helpers/soft-passkey.mjs";
import { ISSUER, adminBrowser, authorizeToCallback, basicAuth, context, discover, exchange, registerClient, startFlow, Browser, type RegisteredClient } from "./helpers/op";

interface Server {
  url: string;
  child: ChildProcess;
  output: string[];
}

const started: Server[] = [];

async function startServer(port: number, issuer: string, fastPath: boolean): Promise<Server> {
  const { serverDir, dataDir } = context();
  const env = { ...serverEnv(port, issuer, dataDir), ...(fastPath ? {} : { FAST_PATH: "off" }) };
  const child = spawn(process.execPath, ["server.mjs"], { cwd: serverDir, stdio: ["ignore", "pipe", "pipe"], env });
  const server = { url: `http://127.0.0.1:${port}`, child, output: [] as string[] };
  started.push(server);
  child.stdout!.on("data", (d) => server.output.push(String(d)));
  child.stderr!.on("data", (d) => server.output.push(String(d)));
  await waitForHealth(server.url, child);
  // The fast path is armed once the server's own start-up probe went through Next.js.
  for (let i = 0; i < 100 && !server.output.join("").includes("[server] ready"); i++) await new Promise((r) => setTimeout(r, 50));
  return server;
}

/** Headers that frame the message (Node chooses them) or are per-response by nature. */
const FRAMING = new Set(["date", "connection", "keep-alive", "content-length", "transfer-encoding"]);
/** Header values that differ between two correct answers to the same request (fresh tokens). */
const FRESH_KEYS = new Set(["access_token", "refresh_token", "id_token", "iat", "exp", "nbf", "jti", "expires_in", "auth_time", "challenge"]);
/** A cookie's value is fresh per answer (a ceremony id, a session token): compared by name, emptiness and attributes. */
const freshCookie = (line: string) => line.replace(/^([^=]*)=([^;]+)/, "$1=<value>").replace(/; Expires=[^;]+/i, (e) => (/ 1970 /.test(e) ? e : "; Expires=<date>"));

interface Answer {
  status: number;
  headers: [string, string][];
  body: unknown;
}

async function answer(base: string, path: string, init: RequestInit = {}): Promise<Answer> {
  const res = await fetch(base + path, { ...init, redirect: "manual" });
  const text = await res.text();
  const headers = [...res.headers]
    .filter(([k]) => !FRAMING.has(k))
    .map(([k, v]): [string, string] => [k, k === "set-cookie" ? freshCookie(v) : v])
    .sort(([a, x], [b, y]) => a.localeCompare(b) || x.localeCompare(y));
  let body: unknown = text;
  try {
    body = shape(JSON.parse(text));
  } catch {
    // not JSON: compared as text
  }
  return { status: res.status, headers, body };
}

/** JSON with fresh token values replaced by their type, so two issuances compare equal. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, FRESH_KEYS.has(k) ? typeof x : shape(x)]));
  return v;
}

const FIXED = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

/** Sends the same request to both servers; they must answer alike, with the fixed headers. */
async function same(on: Server, off: Server, path: string, init: () => RequestInit = () => ({}), hsts = false): Promise<Answer> {
  const a = await answer(on.url, path, init());
  const b = await answer(off.url, path, init());
  const what = `${init().method ?? "GET"} ${path}`;
  expect(a, what).toEqual(b);
  const headers = Object.fromEntries(a.headers);
  // The trailing-slash 308 (/healthz/ → /healthz) too: server.mjs answers it with these headers.
  expect(headers, what).toMatchObject(FIXED);
  if (hsts) expect(headers["strict-transport-security"], what).toBe("max-age=31536000; includeSubDomains");
  else expect(headers["strict-transport-security"], what).toBeUndefined();
  expect(a.status, what).toBeLessThan(500);
  return a;
}

const form = (body: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  body: new URLSearchParams(body),
});

/** Requests every fast-pathed endpoint gets, valid and not, whatever the issuer. */
async function commonCases(on: Server, off: Server, client: RegisteredClient, hsts: boolean) {
  const auth = { authorization: basicAuth(client.id, client.secret!) };
  const check = (path: string, init?: () => RequestInit) => same(on, off, path, init, hsts);
  await check("/healthz");
  await check("/healthz?probe=1");
  await check("/healthz", () => ({ method: "HEAD" }));
  await check("/healthz", () => ({ method: "POST" }));
  await check("/healthz", () => ({ method: "OPTIONS" }));
  await check("/healthz/");
  await check("/healthz", () => ({ headers: { rsc: "1" } }));
  for (const path of ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server", "/.well-known/jwks.json"]) {
    const doc = await check(path);
    expect(doc.status).toBe(200);
    const etag = Object.fromEntries(doc.headers).etag;
    expect(etag).toBeTruthy();
    expect((await check(path, () => ({ headers: { "if-none-match": etag } }))).status).toBe(304);
    await check(path, () => ({ headers: { "if-none-match": '"another"' } }));
    await check(path, () => ({ method: "HEAD" }));
    await check(path, () => ({ method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "GET" } }));
    await check(path, () => ({ method: "DELETE" }));
    await check(`${path}?x=%zz`);
    // A router (RSC) request without its cache-busting parameter: Next.js redirects it (307).
    await check(path, () => ({ headers: { rsc: "1", "next-router-state-tree": "x" } }));
  }
  const issued = await check("/api/oidc/token", () => form({ grant_type: "client_credentials" }, auth));
  expect(issued.status).toBe(200);
  const token = await (await fetch(`${on.url}/api/oidc/token`, form({ grant_type: "client_credentials" }, auth))).json();
  expect(token.access_token).toBeTruthy();
  await check("/api/oidc/token", () => form({ grant_type: "client_credentials" }, { authorization: basicAuth(client.id, "not-the-secret-not-the-secret-12") }));
  await check("/api/oidc/token", () => form({ grant_type: "client_credentials" }));
  await check("/api/oidc/token", () => form({ grant_type: "client_credentials", x: "\u0000" }, auth));
  await check("/api/oidc/token", () => form({ grant_type: "made-up" }, auth));
  await check("/api/oidc/token", () => ({ method: "POST", headers: { "content-type": "application/json", ...auth }, body: "{}" }));
  await check("/api/oidc/token", () => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...auth }, body: "a".repeat(70_000) }));
  await check("/api/oidc/token", () => ({ method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...auth }, body: "grant_type=%E0%A4%A" }));
  await check("/api/oidc/token");
  await check("/api/oidc/token", () => ({ method: "HEAD" }));
  await check("/api/oidc/token", () => ({ method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "POST" } }));
  await check("/api/oidc/token/", () => form({ grant_type: "client_credentials" }, auth));
  await check("/api/oidc/%74oken", () => form({ grant_type: "made-up" }, auth));
  const active = await check("/api/oidc/introspect", () => form({ token: token.access_token }, auth));
  expect(active.body).toMatchObject({ active: true });
  await check("/api/oidc/introspect", () => form({ token: "not-a-token" }, auth));
  await check("/api/oidc/introspect", () => form({ token: token.access_token }));
  await check("/api/oidc/introspect", () => ({ method: "GET" }));
  await check("/api/oidc/introspect", () => ({ method: "OPTIONS" }));
  await check("/api/oidc/userinfo");
  await check("/api/oidc/userinfo", () => ({ headers: { authorization: "Bearer not-a-token" } }));
  await check("/api/oidc/userinfo", () => ({ headers: { authorization: `Bearer ${token.access_token}` } }));
  await check("/api/oidc/userinfo?access_token=abc");
  await check("/api/oidc/userinfo", () => form({ access_token: "not-a-token" }));
  await check("/api/oidc/userinfo", () => ({ method: "PUT" }));
  await check("/api/oidc/userinfo", () => ({ method: "OPTIONS", headers: { origin: "https://app.example.com", "access-control-request-method": "GET" } }));
  await check("/api/oidc/revoke", () => form({ token: "not-a-token" }, auth));
  await check("/api/oidc/revoke", () => form({ token: "not-a-token" }));
  await check("/api/oidc/revoke", () => ({ method: "GET" }));
  await check("/api/oidc/revoke", () => ({ method: "OPTIONS" }));
  // The passkey sign-in ceremony's two requests (fast-pathed for their server time).
  const appOrigin = new URL(hsts ? ISSUER().replace(/^http:/, "https:") : ISSUER()).origin;
  const json = (body: string, headers: Record<string, string> = {}) => () => ({ method: "POST", headers: { "content-type": "application/json", origin: appOrigin, ...headers }, body });
  const begun = await check("/api/webauthn/login/start");
  expect(begun.status).toBe(200);
  expect(begun.headers.filter(([k]) => k === "set-cookie")).toHaveLength(1);
  await check("/api/webauthn/login/start", () => ({ method: "POST" }));
  await check("/api/webauthn/login/start", () => ({ method: "HEAD" }));
  await check("/api/webauthn/login/finish", json("{}"));
  await check("/api/webauthn/login/finish", json("{not json"));
  await check("/api/webauthn/login/finish", json('{"id":"x","rawId":"x","type":"public-key","response":{"clientDataJSON":"e30","authenticatorData":"AAAA","signature":"AAAA"},"clientExtensionResults":{}}', { cookie: "session=not-a-ceremony" }));
  await check("/api/webauthn/login/finish", json("{}", { origin: "https://evil.example" }));
  await check("/api/webauthn/login/finish", () => ({ method: "POST", headers: { "content-type": "text/plain", origin: appOrigin }, body: "{}" }));
  await check("/api/webauthn/login/finish", () => ({ method: "POST", headers: { "content-type": "application/json", origin: appOrigin }, body: "a".repeat(70_000) }));
  await check("/api/webauthn/login/finish");
  await check("/api/webauthn/login/finish", () => ({ method: "OPTIONS" }));
  await check("/api/webauthn/login/finish/", json("{}"));
  return { auth, token };
}

let client: RegisteredClient;

beforeAll(async () => {
  const admin = await adminBrowser();
  client = await registerClient(admin);
}, 120_000);

afterAll(async () => {
  for (const s of started) if (s.child.exitCode === null) s.child.kill("SIGTERM");
  await Promise.all(started.map((s) => (s.child.exitCode === null ? new Promise((r) => s.child.once("exit", r)) : null)));
});

const basePort = () => Number(new URL(ISSUER()).port);

describe("the fast path answers exactly as Next.js does", () => {
  it("for the suite's http issuer: every endpoint, method and edge case, with a signed-in user's tokens", async () => {
    const [on, off] = await Promise.all([startServer(basePort() + 1, ISSUER(), true), startServer(basePort() + 2, ISSUER(), false)]);
    expect(on.output.join("")).toContain("[server] fast path for /.well-known/openid-configuration");
    expect(off.output.join("")).not.toContain("fast path");
    const { auth } = await commonCases(on, off, client, false);

    // A person's tokens, from a code flow on the suite's server (same issuer, same database).
    const user = new Browser();
    await user.signIn();
    const config = await discover(client);
    const flow = await startFlow(config, client, { scope: "openid profile email groups offline_access" });
    const tokens = await exchange(config, await authorizeToCallback(user, flow.url), flow);
    const info = await same(on, off, "/api/oidc/userinfo", () => ({ headers: { authorization: `Bearer ${tokens.access_token}` } }));
    expect(info.status).toBe(200);
    expect(info.body).toMatchObject({ sub: expect.any(String) });
    await same(on, off, "/api/oidc/userinfo", () => form({ access_token: tokens.access_token }));
    expect((await same(on, off, "/api/oidc/introspect", () => form({ token: tokens.access_token }, auth))).body).toMatchObject({ active: true });
    // A whole passkey sign-in on each server (each its own ceremony): the same answer and cookies.
    const signIns = await Promise.all(
      [on, off].map(async (server) => {
        const browser = new Browser(server.url);
        const begun = await browser.request("/api/webauthn/login/start");
        const assertion = SoftPasskey.fromState(context().passkey).assert(await begun.json());
        const res = await browser.request("/api/webauthn/login/finish", { json: assertion, headers: { origin: new URL(ISSUER()).origin } });
        return { status: res.status, body: await res.json(), cookies: res.headers.getSetCookie().map(freshCookie).sort(), session: browser.cookies.size };
      }),
    );
    expect(signIns[0].status).toBe(200);
    expect(signIns[0]).toEqual(signIns[1]);
    expect(signIns[0].cookies.some((c) => /Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(c))).toBe(true); // the ceremony cookie cleared
    // Revocation last: one server revokes, then both must agree the token is gone.
    expect((await answer(on.url, "/api/oidc/revoke", form({ token: tokens.refresh_token!, token_type_hint: "refresh_token" }, auth))).status).toBe(200);
    expect((await same(on, off, "/api/oidc/introspect", () => form({ token: tokens.refresh_token! }, auth))).body).toMatchObject({ active: false });
  }, 180_000);

  it("for an https issuer: the same, and HSTS on every answer", async () => {
    const issuer = ISSUER().replace(/^http:/, "https:");
    const [on, off] = await Promise.all([startServer(basePort() + 3, issuer, true), startServer(basePort() + 4, issuer, false)]);
    const { auth, token } = await commonCases(on, off, client, true);
    expect((await same(on, off, "/api/oidc/revoke", () => form({ token: token.access_token }, auth), true)).status).toBe(200);
    await same(on, off, "/api/oidc/introspect", () => form({ token: token.access_token }, auth), true);
  }, 180_000);
});
