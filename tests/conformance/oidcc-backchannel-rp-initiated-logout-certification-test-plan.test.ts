// OpenID conformance suite, plan `oidcc-backchannel-rp-initiated-logout-certification-test-plan`
// (OpenID Connect Back-Channel Logout 1.0; peer-anchors §3b): the test is the RP. It runs its own
// back-channel logout endpoint (an HTTP server on loopback), registers it as the client's
// backchannel_logout_uri, signs in, logs out through the end_session_endpoint, and validates the
// Logout Token the OP POSTs there as §2.6 tells an RP to; then prompt=none must fail.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import {
  Browser, ISSUER, adminBrowser, authorizeToCallback, checkedFetch, discover, exchange, jwtPayload, oidc, registerClient, sleep,
  startFlow, type RegisteredClient,
} from "./helpers/op";

const EVENT = "http://schemas.openid.net/event/backchannel-logout";

interface Delivery {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** The RP's back-channel logout endpoint: records every request and answers 200 with no-store (§2.8). */
class LogoutReceiver {
  readonly deliveries: Delivery[] = [];
  private server!: Server;
  url = "";

  async start() {
    this.server = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        this.deliveries.push({ method: req.method ?? "", headers: req.headers, body });
        res.writeHead(200, { "cache-control": "no-store" }).end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, "127.0.0.1", r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/backchannel-logout`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Waits for the OP's POST; the OP delivers from its outbox within seconds. */
  async next(timeoutMs = 20_000): Promise<Delivery> {
    const deadline = Date.now() + timeoutMs;
    while (this.deliveries.length === 0) {
      if (Date.now() > deadline) throw new Error(`no logout token arrived within ${timeoutMs} ms`);
      await sleep(100);
    }
    return this.deliveries.shift()!;
  }
}

const receiver = new LogoutReceiver();
let client: RegisteredClient;
let config: oidc.Configuration;
const POST_LOGOUT = `https://rp.example.com/backchannel-logged-out-${process.pid}`;

beforeAll(async () => {
  await receiver.start();
  const admin = await adminBrowser();
  client = await registerClient(admin, { logoutCallbackURLs: [POST_LOGOUT], backchannelLogoutURL: receiver.url, backchannelLogoutSessionRequired: true });
  config = await discover(client);
});
afterAll(async () => receiver.stop());

/** A signed-in browser that completed a code flow, with the ID token the RP got. */
async function signedInRp() {
  const browser = new Browser();
  await browser.signIn();
  const flow = await startFlow(config, client);
  const tokens = await exchange(config, await authorizeToCallback(browser, flow.url), flow);
  return { browser, idToken: tokens.id_token!, refreshToken: tokens.refresh_token };
}

/**
 * Back-Channel Logout 1.0 §2.6, the RP's validation of a Logout Token, as the suite's
 * oidcc-backchannel-rp-initiated-logout checks it: a form POST with one logout_token; a JWS
 * signed by a key of the OP's JWKS (not alg none); iss, aud = our client id, iat, exp, a jti;
 * the events member with the back-channel-logout event as a JSON object; sub and/or sid; no
 * nonce; `typ`, when present, logout+jwt.
 */
async function validateLogoutToken(delivery: Delivery) {
  expect(delivery.method).toBe("POST");
  expect(delivery.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
  const form = new URLSearchParams(delivery.body);
  expect([...form.keys()]).toEqual(["logout_token"]);
  const token = form.get("logout_token")!;
  const header = decodeProtectedHeader(token);
  expect(header.alg).not.toBe("none");
  expect(header.kid).toBeTypeOf("string");
  if (header.typ !== undefined) expect(header.typ).toBe("logout+jwt");
  const jwks = createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!));
  const { payload } = await jwtVerify(token, jwks, { issuer: ISSUER(), audience: client.id, requiredClaims: ["iat", "exp", "jti"] });
  expect(payload.events).toBeTypeOf("object");
  expect((payload.events as Record<string, unknown>)[EVENT]).toEqual({});
  expect(payload.sub ?? payload.sid).toBeTruthy();
  expect(payload).not.toHaveProperty("nonce");
  return payload;
}

describe("oidcc-backchannel-rp-initiated-logout-certification-test-plan", () => {
  it("oidcc-backchannel-logout-discovery-endpoint-verification", async () => {
    const doc = await (await checkedFetch(`${ISSUER()}/.well-known/openid-configuration`)).json();
    // Back-Channel Logout 1.0 §2.1: both flags are booleans; the RP-initiated module needs sid.
    expect(doc.backchannel_logout_supported).toBe(true);
    expect(doc.backchannel_logout_session_supported).toBe(true);
    expect(doc.end_session_endpoint).toBeTypeOf("string");
  });

  it("oidcc-backchannel-rp-initiated-logout", async () => {
    const { browser, idToken } = await signedInRp();
    const idClaims = jwtPayload(idToken);
    // §2.1: with backchannel_logout_session_supported the ID token carries sid.
    expect(idClaims.sid).toBeTypeOf("string");

    const url = new URL(config.serverMetadata().end_session_endpoint!);
    url.searchParams.set("id_token_hint", idToken);
    url.searchParams.set("post_logout_redirect_uri", POST_LOGOUT);
    url.searchParams.set("state", "bc-state");
    const res = await browser.request(url);
    expect([302, 303]).toContain(res.status);
    expect(res.headers.get("location")).toBe(`${POST_LOGOUT}?state=bc-state`);

    const payload = await validateLogoutToken(await receiver.next());
    expect(payload.sid).toBe(idClaims.sid);
    expect(payload.sub).toBe(idClaims.sub);
    expect(receiver.deliveries).toHaveLength(0);

    // The session really ended at the OP.
    const flow = await startFlow(config, client, { prompt: "none" });
    const callback = await authorizeToCallback(browser, flow.url);
    expect(callback.searchParams.get("error")).toBe("login_required");
  });

  // Beyond the plan: a user signing out on the OP's own pages (the "Sign out" button POSTs
  // /api/webauthn/logout) logs them out of the app too, and the app's refresh token dies with the
  // session (§2.7: it was not issued for offline_access).
  it("signing out at the OP sends the app a Logout Token for that session", async () => {
    const { browser, idToken, refreshToken } = await signedInRp();
    const sid = jwtPayload(idToken).sid;
    const res = await browser.request("/api/webauthn/logout", { method: "POST" });
    expect(res.status).toBe(204);
    const payload = await validateLogoutToken(await receiver.next());
    expect(payload.sid).toBe(sid);
    const refreshed = await checkedFetch(config.serverMetadata().token_endpoint!, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}` },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken! }),
    });
    expect(refreshed.status).toBe(400);
    expect((await refreshed.json()).error).toBe("invalid_grant");
  });
});
