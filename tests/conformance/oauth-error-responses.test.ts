// Every protocol error is an RFC code with the RFC's status (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3;
// OIDC Core §3.1.2.6), and no input gives a 5xx: the endpoints advertised in discovery get the
// malformed requests a careless or hostile client sends.
import { beforeAll, describe, expect, it } from "vitest";
import {
  Browser, ISSUER, adminBrowser, authorize, authorizeToCallback, basicAuth, checkNoServerError, discover, exchange, expectOAuthError,
  oidc, registerClient, startFlow, tokenRequest, type RegisteredClient,
} from "./helpers/op";

/** Error codes registered for OAuth 2.0 / OpenID Connect (IANA "OAuth Extensions Error Registry" and the specs it cites). */
const RFC_ERRORS = new Set([
  "invalid_request", "invalid_client", "invalid_grant", "unauthorized_client", "unsupported_grant_type", "invalid_scope",
  "access_denied", "unsupported_response_type", "server_error", "temporarily_unavailable", "invalid_token", "insufficient_scope",
  "interaction_required", "login_required", "account_selection_required", "consent_required", "invalid_request_uri",
  "invalid_request_object", "request_not_supported", "request_uri_not_supported", "registration_not_supported",
  "invalid_target", "unsupported_token_type", "authorization_pending", "slow_down", "expired_token", "invalid_dpop_proof",
  "use_dpop_nonce", "invalid_authorization_details",
  // fosite's and Pocket ID's code for a missing or short state (inventory §2.2, Appendix A).
  "invalid_state",
]);

let client: RegisteredClient;
let config: oidc.Configuration;
let metadata: Record<string, unknown>;
let user: Browser;

beforeAll(async () => {
  const admin = await adminBrowser();
  client = await registerClient(admin);
  config = await discover(client);
  metadata = config.serverMetadata() as Record<string, unknown>;
  user = new Browser();
  await user.signIn();
});

const auth = () => ({ authorization: basicAuth(client.id, client.secret!) });

describe("token endpoint errors (RFC 6749 §5.2)", () => {
  it("a missing grant_type is invalid_request (400)", async () => {
    await expectOAuthError(await tokenRequest({ code: "x" }, auth()), 400, "invalid_request");
  });

  it("an unknown grant_type is unsupported_grant_type (400)", async () => {
    await expectOAuthError(await tokenRequest({ grant_type: "urn:example:made-up" }, auth()), 400, "unsupported_grant_type");
    await expectOAuthError(await tokenRequest({ grant_type: "password", username: "connie", password: "x" }, auth()), 400, ["unsupported_grant_type", "unauthorized_client"]);
  });

  it("a wrong secret over Basic is 401 invalid_client with a Basic challenge", async () => {
    const res = await tokenRequest({ grant_type: "authorization_code", code: "x", redirect_uri: client.callback }, { authorization: basicAuth(client.id, "not-the-secret-not-the-secret-12") });
    await expectOAuthError(res, 401, "invalid_client");
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic/i);
  });

  it("no client authentication at all, or an unknown client, is invalid_client", async () => {
    for (const form of [{ grant_type: "authorization_code", code: "x" } as Record<string, string>, { grant_type: "authorization_code", code: "x", client_id: "no-such-client", client_secret: "whatever-whatever" }]) {
      const res = await tokenRequest(form);
      expect([400, 401]).toContain(res.status);
      await expectOAuthError(res, res.status, "invalid_client");
    }
  });

  it("a malformed Basic header is invalid_client (401), not a crash", async () => {
    for (const header of ["Basic", "Basic !!!", `Basic ${Buffer.from("no-colon").toString("base64")}`, `Basic ${Buffer.from("%zz:%zz").toString("base64")}`]) {
      const res = await tokenRequest({ grant_type: "authorization_code", code: "x" }, { authorization: header });
      expect([400, 401], header).toContain(res.status);
      await expectOAuthError(res, res.status, ["invalid_client", "invalid_request"]);
    }
  });

  it("an unknown, expired or malformed code is invalid_grant (400)", async () => {
    await expectOAuthError(await tokenRequest({ grant_type: "authorization_code", code: "not-a-code", redirect_uri: client.callback }, auth()), 400, "invalid_grant");
  });

  it("a repeated parameter is invalid_request (400)", async () => {
    const body = `grant_type=authorization_code&code=a&code=b&redirect_uri=${encodeURIComponent(client.callback)}`;
    const res = await fetch(`${ISSUER()}/api/oidc/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...auth() }, body });
    await expectOAuthError(res, 400, "invalid_request");
  });

  it("a JSON body is invalid_request (400): the endpoint takes form encoding only", async () => {
    const res = await fetch(`${ISSUER()}/api/oidc/token`, { method: "POST", headers: { "content-type": "application/json", ...auth() }, body: JSON.stringify({ grant_type: "authorization_code", code: "x" }) });
    await checkNoServerError(res, "token JSON");
    await expectOAuthError(res, 400, "invalid_request");
  });

  it("GET is 405 with Allow: POST", async () => {
    const res = await fetch(`${ISSUER()}/api/oidc/token`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("POST");
  });
});

describe("UserInfo errors (RFC 6750 §3)", () => {
  const userinfo = () => metadata.userinfo_endpoint as string;

  it("no token: 401 with a bare Bearer challenge", async () => {
    const res = await fetch(userinfo());
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(res.headers.get("www-authenticate")).not.toContain("error=");
  });

  it("a bad token, or an ID token used as an access token: 401 invalid_token", async () => {
    const flow = await startFlow(config, client);
    const tokens = await exchange(config, await authorizeToCallback(user, flow.url), flow);
    for (const token of ["garbage", "a.b.c", tokens.id_token!]) {
      const res = await fetch(userinfo(), { headers: { authorization: `Bearer ${token}` } });
      await expectOAuthError(res, 401, "invalid_token");
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer .*error="invalid_token"/);
    }
  });

  it("a token without the openid scope: 403 insufficient_scope", async () => {
    const flow = await startFlow(config, client, { scope: "profile", nonce: "" });
    const callback = await authorizeToCallback(user, flow.url);
    const res = await tokenRequest({ grant_type: "authorization_code", code: callback.searchParams.get("code")!, redirect_uri: client.callback, code_verifier: flow.verifier }, auth());
    const { access_token } = await res.json();
    const info = await fetch(userinfo(), { headers: { authorization: `Bearer ${access_token}` } });
    await expectOAuthError(info, 403, "insufficient_scope");
    expect(info.headers.get("www-authenticate")).toMatch(/error="insufficient_scope"/);
  });

  it("a token in the query string: 400 invalid_request (RFC 9700 §4.3.2)", async () => {
    const res = await fetch(`${userinfo()}?access_token=abc`);
    await expectOAuthError(res, 400, "invalid_request");
  });
});

describe("authorization endpoint errors (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6)", () => {
  // Each goes back to the verified redirect URI as an RFC code with state and iss.
  const cases: [string, Record<string, string>, string[]][] = [
    ["unsupported response_type", { response_type: "token" }, ["unsupported_response_type"]],
    ["implicit id_token response_type", { response_type: "id_token" }, ["unsupported_response_type"]],
    ["unknown prompt value", { prompt: "sideways" }, ["invalid_request"]],
    ["prompt=none with login", { prompt: "none login" }, ["invalid_request"]],
    ["negative max_age", { max_age: "-1" }, ["invalid_request"]],
    ["non-numeric max_age", { max_age: "soon" }, ["invalid_request"]],
    ["unknown code_challenge_method", { code_challenge_method: "S512" }, ["invalid_request"]],
    ["short code_challenge", { code_challenge: "abc" }, ["invalid_request"]],
    ["unknown response_mode", { response_mode: "carrier_pigeon" }, ["invalid_request", "unsupported_response_mode"]],
    ["repeated scope", { scope: "openid", "scope ": "" }, ["invalid_request"]],
  ];
  it.each(cases)("%s", async (_name, extra, codes) => {
    const flow = await startFlow(config, client);
    const url = new URL(flow.url);
    for (const [k, v] of Object.entries(extra)) {
      if (k === "scope ") url.searchParams.append("scope", "profile");
      else url.searchParams.set(k, v);
    }
    const callback = await authorizeToCallback(user, url);
    expect(callback.origin + callback.pathname).toBe(client.callback);
    expect(codes).toContain(callback.searchParams.get("error"));
    expect(RFC_ERRORS.has(callback.searchParams.get("error")!)).toBe(true);
    expect(callback.searchParams.get("state")).toBe(flow.state);
    expect(callback.searchParams.get("iss")).toBe(ISSUER());
    expect(callback.searchParams.get("code")).toBeNull();
  });

  it("a missing or short state is refused at the client (inventory §2.2)", async () => {
    for (const state of ["", "short"]) {
      const flow = await startFlow(config, client, { state });
      const url = new URL(flow.url);
      if (!state) url.searchParams.delete("state");
      const callback = await authorizeToCallback(user, url);
      expect(RFC_ERRORS.has(callback.searchParams.get("error")!)).toBe(true);
      expect(callback.searchParams.get("error")).toBe("invalid_state");
    }
  });

  it("hostile values end on an error page or an RFC error at the client, never a 5xx", async () => {
    const hostile = [
      { client_id: "\u0000" }, { client_id: "x".repeat(5000) }, { client_id: "%zz" }, { client_id: "' OR 1=1 --" },
      { redirect_uri: "javascript:alert(1)" }, { redirect_uri: "data:text/html,hi" }, { redirect_uri: "\u202ehttps://evil" },
      { state: "s".repeat(100_000) }, { nonce: "\u0001nonce-nonce" }, { scope: "openid\u0000" }, { id_token_hint: "a.b.c" },
      { id_token_hint: "x".repeat(20_000) }, { request: "not-a-jwt" }, { max_age: "9".repeat(400) },
      // Unknown parameter names, however odd, are ignored (RFC 6749 §3.1): the request succeeds.
      { "": "empty-name", ignorable: "yes" }, { ["n".repeat(3000)]: "long-name", ignorable: "yes" },
    ];
    for (const extra of hostile) {
      const flow = await startFlow(config, client);
      const url = new URL(flow.url);
      for (const [k, v] of Object.entries(extra)) url.searchParams.set(k, v);
      // A request line too long for the HTTP server is refused before any route runs (431).
      const first = await user.request(url);
      if (first.status >= 400) {
        expect(first.status, JSON.stringify(extra).slice(0, 80)).toBeLessThan(500);
        continue;
      }
      const result = await authorize(user, url).catch((e) => {
        throw new Error(`${JSON.stringify(extra).slice(0, 80)}: ${e.message}`);
      });
      if (extra.ignorable) {
        expect(result.type === "callback" && result.url.searchParams.get("code"), JSON.stringify(extra).slice(0, 80)).toBeTruthy();
      } else if (result.type === "callback") {
        const error = result.url.searchParams.get("error");
        expect(error, JSON.stringify(extra).slice(0, 80)).not.toBeNull();
        expect(RFC_ERRORS.has(error!), error!).toBe(true);
      }
    }
  });
});

describe("no input gives a 5xx", () => {
  it("every advertised endpoint answers malformed requests with 4xx (or success), never 5xx", async () => {
    const endpoints = new Set<string>([
      ...Object.entries(metadata).filter(([k, v]) => (k.endsWith("_endpoint") || k === "jwks_uri") && typeof v === "string").map(([, v]) => v as string),
      `${ISSUER()}/.well-known/openid-configuration`,
      `${ISSUER()}/.well-known/oauth-authorization-server`,
    ]);
    const bodies: { type?: string; body?: string }[] = [
      {},
      { type: "application/x-www-form-urlencoded", body: "" },
      { type: "application/x-www-form-urlencoded", body: "a=%zz&b=%&=&&&c" },
      { type: "application/x-www-form-urlencoded", body: "token=%00&grant_type=%00&client_id=%00" },
      { type: "application/x-www-form-urlencoded", body: `x=${"y".repeat(70 * 1024)}` },
      { type: "application/x-www-form-urlencoded", body: "grant_type=authorization_code&code[]=1&code[x]=2" },
      { type: "application/json", body: '{"grant_type": ["a", "b"], "token": {}}' },
      { type: "application/json", body: "{not json" },
      { type: "text/plain", body: "\u0000\u0001\u0002" },
      { type: "multipart/form-data; boundary=x", body: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--" },
    ];
    const headerSets: Record<string, string>[] = [{}, { authorization: "Bearer" }, { authorization: "Basic %%%" }, { authorization: `Bearer ${"A".repeat(9000)}` }, { authorization: "Digest x" }];
    let requests = 0;
    for (const endpoint of endpoints) {
      for (const method of ["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]) {
        for (const [i, b] of bodies.entries()) {
          if ((method === "GET" || method === "HEAD") && b.body !== undefined) continue;
          const headers = { ...(b.type ? { "content-type": b.type } : {}), ...headerSets[i % headerSets.length] };
          const res = await fetch(`${endpoint}${i % 3 === 0 ? "?x=%zz&access_token=&client_id=%00" : ""}`, { method, headers, body: b.body, redirect: "manual" });
          requests++;
          await checkNoServerError(res, `${method} ${endpoint} body#${i}`);
          if (method !== "HEAD" && res.status >= 400 && res.status !== 405 && (res.headers.get("content-type") ?? "").startsWith("application/json")) {
            const json = await res.json();
            expect(typeof json.error, `${method} ${endpoint} body#${i}`).toBe("string");
          } else {
            await res.arrayBuffer();
          }
        }
      }
    }
    expect(requests).toBeGreaterThan(100);
  });
});
