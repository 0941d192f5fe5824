// The OAuth 2.0 Device Authorization Grant (RFC 8628) against the running server: openid-client as
// the device (initiateDeviceAuthorization, pollDeviceAuthorizationGrant), the cookie browser with the
// software passkey as the person at /device, and raw polls for every refusal: authorization_pending,
// slow_down, access_denied, expired_token is covered by the integration tests (it needs the clock),
// wrong client, reuse, and two racing polls of an approved code yielding one token set.
import { beforeAll, describe, expect, it } from "vitest";
import {
  Browser, ISSUER, adminBrowser, basicAuth, checkedFetch, discover, expectOAuthError, jwtPayload, oidc, registerClient, tokenRequest,
  type RegisteredClient,
} from "./helpers/op";

const GRANT = "urn:ietf:params:oauth:grant-type:device_code";

let admin: Browser;
let confidential: RegisteredClient;
let publicClient: RegisteredClient;
let other: RegisteredClient;
let user: Browser;

beforeAll(async () => {
  admin = await adminBrowser();
  confidential = await registerClient(admin, { skipConsent: false });
  publicClient = await registerClient(admin, { isPublic: true, pkceEnabled: true });
  other = await registerClient(admin);
  user = new Browser();
  await user.signIn();
});

async function deviceAuthorization(form: Record<string, string>, headers: Record<string, string> = {}) {
  return checkedFetch(`${ISSUER()}/api/oidc/device/authorize`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(form),
  });
}
async function start(client: RegisteredClient, scope = "openid profile email") {
  const res = await deviceAuthorization(client.secret ? { scope } : { scope, client_id: client.id }, client.secret ? { authorization: basicAuth(client.id, client.secret) } : {});
  expect(res.status).toBe(200);
  return res.json() as Promise<{ device_code: string; user_code: string; verification_uri_complete: string; interval: number }>;
}
const poll = (client: RegisteredClient, deviceCode: string) =>
  tokenRequest({ grant_type: GRANT, device_code: deviceCode, ...(client.secret ? {} : { client_id: client.id }) }, client.secret ? { authorization: basicAuth(client.id, client.secret) } : {});
const approve = (code: string, browser = user) => browser.request(`/api/oidc/device/verify?code=${encodeURIComponent(code)}`, { method: "POST" });

describe("RFC 8628 device authorization grant", () => {
  it("is advertised in discovery (RFC 8628 §4)", async () => {
    const doc = await (await checkedFetch(`${ISSUER()}/.well-known/openid-configuration`)).json();
    expect(doc.device_authorization_endpoint).toBe(`${ISSUER()}/api/oidc/device/authorize`);
    expect(doc.grant_types_supported).toContain(GRANT);
  });

  it("a device (openid-client) gets ID, access and refresh tokens after the person approves at /device with a passkey", async () => {
    const config = await discover(confidential);
    const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid profile email" });
    expect(started).toMatchObject({ verification_uri: `${ISSUER()}/device`, expires_in: 900, interval: 5 });

    // A person who is not signed in gets the page with a passkey sign-in, not an error.
    const person = new Browser();
    const signedOut = await person.request(started.verification_uri_complete!);
    expect(signedOut.status).toBe(200);
    expect(await signedOut.text()).toContain("Sign in with your passkey to connect the device");
    await person.signIn();
    const page = await person.request(started.verification_uri_complete!);
    expect(await page.text()).toContain(`${started.user_code.slice(0, 4)}-${started.user_code.slice(4)}`);
    const info = await person.request(`/api/oidc/device/info?code=${started.user_code}`);
    expect(await info.json()).toMatchObject({ client: { id: confidential.id }, scope: ["openid", "profile", "email"], reauthenticationRequired: false });
    expect((await approve(started.user_code, person)).status).toBe(204);

    const tokens = await oidc.pollDeviceAuthorizationGrant(config, started);
    expect(tokens.claims()).toMatchObject({ iss: ISSUER(), aud: [confidential.id], amr: ["phr"] });
    expect(tokens.refresh_token).toBeTruthy();
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()?.sub).toBe(tokens.claims()?.sub);
    const userinfo = await oidc.fetchUserInfo(config, refreshed.access_token, tokens.claims()!.sub);
    expect(userinfo.sub).toBe(tokens.claims()?.sub);
  });

  it("a public client authenticates with client_id alone (RFC 8628 §3.1)", async () => {
    const config = await discover(publicClient, oidc.None());
    const started = await oidc.initiateDeviceAuthorization(config, { scope: "openid" });
    expect((await approve(started.user_code)).status).toBe(204);
    const tokens = await oidc.pollDeviceAuthorizationGrant(config, started);
    expect(tokens.claims()?.aud).toEqual([publicClient.id]);
  });

  it("answers authorization_pending, then slow_down to a poll inside the interval (§3.5)", async () => {
    const started = await start(confidential);
    await expectOAuthError(await poll(confidential, started.device_code), 400, "authorization_pending");
    const fast = await expectOAuthError(await poll(confidential, started.device_code), 400, "slow_down");
    expect(String(fast.error_description)).toContain("10 seconds");
  });

  it("answers access_denied once the person denies (§3.5)", async () => {
    const started = await start(confidential);
    expect((await user.request(`/api/oidc/device/deny?code=${started.user_code}`, { method: "POST" })).status).toBe(204);
    await expectOAuthError(await poll(confidential, started.device_code), 400, "access_denied");
  });

  it("refuses another client's device code (invalid_grant) and leaves it to its owner", async () => {
    const started = await start(confidential);
    await approve(started.user_code);
    await expectOAuthError(await poll(other, started.device_code), 400, "invalid_grant");
    expect((await poll(confidential, started.device_code)).status).toBe(200);
  });

  it("gives an approved code's tokens once: a reuse is invalid_grant, and two racing polls yield one token set", async () => {
    const started = await start(confidential, "openid");
    await approve(started.user_code);
    const results = await Promise.all([poll(confidential, started.device_code), poll(confidential, started.device_code)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 400]);
    const loser = results.find((r) => r.status === 400)!;
    await expectOAuthError(loser, 400, "invalid_grant");
    const winner = await results.find((r) => r.status === 200)!.json();
    expect(jwtPayload(winner.id_token).aud).toEqual([confidential.id]);
    await expectOAuthError(await poll(confidential, started.device_code), 400, "invalid_grant");
  });

  it("refuses unauthenticated and malformed device authorization requests with RFC errors, never a 5xx", async () => {
    await expectOAuthError(await deviceAuthorization({ scope: "openid" }), 401, "invalid_client");
    await expectOAuthError(await deviceAuthorization({ client_id: confidential.id, scope: "openid" }), 401, "invalid_client");
    await expectOAuthError(await deviceAuthorization({ client_id: publicClient.id, resource: "https://api.example.com/" }), 400, "invalid_target");
    const wrongType = await checkedFetch(`${ISSUER()}/api/oidc/device/authorize`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    await expectOAuthError(wrongType, 400, "invalid_request");
    expect((await checkedFetch(`${ISSUER()}/api/oidc/device/authorize`)).status).toBe(405);
    const approveSignedOut = await new Browser().request("/api/oidc/device/verify?code=EAAAAAAA", { method: "POST" });
    expect(approveSignedOut.status).toBe(401);
  });
});
