// Seeding and minting for our server, through its real paths only: the first-admin setup, the
// passkey registration and sign-in ceremonies (software authenticator), the admin REST API with
// the deployment's STATIC_API_KEY, /authorize and the token endpoint. No row is written by hand.
import http from "node:http";
import { randomBytes } from "node:crypto";
import { CookieJar, expectStatus, parallel, request } from "./http.mjs";
import { SoftPasskey } from "../../tests/helpers/soft-passkey.mjs";

export const CALLBACK = "https://app.bench.example/callback";
const SCOPE = "openid profile email groups offline_access";

/** Registers the software passkey for the signed-in `jar`'s user (the real registration ceremony). */
async function registerPasskey(baseUrl, authenticator, jar) {
  const options = expectStatus(await request(baseUrl, "/api/webauthn/register/start", { jar }), 200, "passkey registration start").json();
  const credential = authenticator.register(options);
  expectStatus(await request(baseUrl, "/api/webauthn/register/finish", { json: credential, jar, origin: baseUrl }), 201, "passkey registration finish");
}

/**
 * One passkey sign-in: GET /api/webauthn/login/start, sign the challenge, POST .../finish with the
 * start's ceremony cookie. Returns the two request times (ms) and the signed-in cookie jar.
 */
export async function passkeySignIn(baseUrl, authenticator, { agent } = {}) {
  const jar = new CookieJar();
  let t = performance.now();
  const start = await request(baseUrl, "/api/webauthn/login/start", { jar, agent });
  const startMs = performance.now() - t;
  expectStatus(start, 200, "passkey sign-in start");
  const assertion = authenticator.assert(start.json());
  t = performance.now();
  const finish = await request(baseUrl, "/api/webauthn/login/finish", { json: assertion, jar, origin: baseUrl, agent });
  const finishMs = performance.now() - t;
  expectStatus(finish, 200, "passkey sign-in finish");
  return { startMs, finishMs, jar };
}

/** Seeds an empty server: admin + passkey, three clients, a few users. Returns what the run needs. */
export async function seedOurs(baseUrl, staticApiKey, { users = 20 } = {}) {
  const api = { "x-api-key": staticApiKey };
  // The first admin (inventory §5.1), signed in by the setup itself, then their passkey.
  const setupJar = new CookieJar();
  expectStatus(
    await request(baseUrl, "/api/signup/setup", { json: { username: "bench", email: "bench@example.com", firstName: "Bench", lastName: "Admin" }, jar: setupJar, origin: baseUrl }),
    201,
    "first-admin setup",
  );
  const authenticator = new SoftPasskey({ origin: baseUrl });
  await registerPasskey(baseUrl, authenticator, setupJar);
  // A passkey session, as a real person's browser holds after signing in.
  const { jar: browser } = await passkeySignIn(baseUrl, authenticator);
  if (!browser.cookies.size) throw new Error("the passkey sign-in set no session cookie");

  const createClient = async (body) => {
    expectStatus(await request(baseUrl, "/api/oidc/clients", { json: body, headers: api }), 201, `creating client ${body.id}`);
    const secret = expectStatus(await request(baseUrl, `/api/oidc/clients/${body.id}/secrets`, { method: "POST", headers: api }), 201, `secret of ${body.id}`).json().secret;
    return { id: body.id, secret, basic: `Basic ${Buffer.from(`${encodeURIComponent(body.id)}:${encodeURIComponent(secret)}`).toString("base64")}` };
  };
  // Service-to-service (client_credentials), a web app that skips consent (code, refresh,
  // userinfo, introspection) and one that asks for consent (the consent page).
  const service = await createClient({ id: "bench-service", name: "Bench service" });
  const web = await createClient({ id: "bench-web", name: "Bench web app", callbackURLs: [CALLBACK], skipConsent: true });
  const consent = await createClient({ id: "bench-consent", name: "Bench consent app", callbackURLs: [CALLBACK] });

  await parallel(users, 4, async (i) => {
    const username = `user${String(i).padStart(3, "0")}`;
    expectStatus(
      await request(baseUrl, "/api/users", { json: { username, email: `${username}@example.com`, firstName: "User", lastName: String(i) }, headers: api }),
      201,
      `creating user ${username}`,
    );
  });
  return { authenticator, browser, service, web, consent };
}

function authorizeQuery(clientId, state) {
  return new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: CALLBACK, scope: SCOPE, state }).toString();
}

/** One authorization code through /authorize (signed-in browser, skip-consent client). */
export async function mintCode(baseUrl, seed, agent) {
  const res = await request(baseUrl, `/authorize?${authorizeQuery(seed.web.id, randomBytes(12).toString("base64url"))}`, { jar: seed.browser, agent });
  const location = res.headers.location;
  const code = location && new URL(location, baseUrl).searchParams.get("code");
  if (res.status !== 302 && res.status !== 303 && res.status !== 307) throw new Error(`/authorize answered ${res.status}: ${res.text.slice(0, 300)}`);
  if (!code) throw new Error(`/authorize redirected without a code: ${location}`);
  return code;
}

/**
 * Mints codes with `concurrency` workers until `count` or `seconds` run out. Each /authorize
 * request is timed: `latencies` (ms), so the minting doubles as the authorization endpoint's figure.
 */
export async function mintCodes(baseUrl, seed, { count, seconds, concurrency, stats = { latencies: [], errors: 0, firstError: null } }) {
  const codes = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  await parallel(
    count,
    concurrency,
    async () => {
      const t = performance.now();
      try {
        codes.push(await mintCode(baseUrl, seed, agent));
        stats.latencies.push(performance.now() - t);
      } catch (e) {
        // Counted and reported (an error under load is a finding), unless nothing works at all.
        stats.errors++;
        stats.firstError ??= e.message;
        if (stats.errors > 20 && stats.errors > codes.length) throw e;
      }
    },
    performance.now() + seconds * 1000,
  );
  agent.destroy();
  return codes;
}

/** Exchanges a code at the token endpoint; returns the token response. */
export async function exchangeCode(baseUrl, client, code, tokenPath = "/api/oidc/token") {
  return expectStatus(
    await request(baseUrl, tokenPath, { form: { grant_type: "authorization_code", code, redirect_uri: CALLBACK }, headers: { authorization: client.basic } }),
    200,
    "code exchange",
  ).json();
}

/** The consent page's URL: /authorize with the consent client redirects a signed-in browser there. */
export async function consentPageUrl(baseUrl, seed) {
  const res = await request(baseUrl, `/authorize?${authorizeQuery(seed.consent.id, randomBytes(12).toString("base64url"))}`, { jar: seed.browser });
  if (!res.headers.location) throw new Error(`/authorize for the consent client answered ${res.status} without a redirect`);
  return new URL(res.headers.location, baseUrl).toString();
}
