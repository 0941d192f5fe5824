// openid-client over real HTTP against the standalone server (issue 6): code + PKCE with a refresh
// token, refresh rotation with a fresh ID token, introspection, revocation, client_credentials, and
// private_key_jwt client authentication. The user and session are arranged in the database; the
// protocol runs entirely through the public endpoints.
import { test, expect } from "@playwright/test";
import * as oidc from "openid-client";
import { exportJWK, generateKeyPair } from "jose";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { openDb } from "./admin-helpers";
import { E2E_URL } from "../playwright.config";

test.describe.configure({ mode: "serial" });

const CALLBACK = "http://127.0.0.1:14299/cb";
const clientId = `tokens-${randomBytes(3).toString("hex")}`;
const secret = randomBytes(24).toString("base64url");
const jwtClientId = `${clientId}-jwt`;
const sessionToken = randomBytes(32).toString("base64url");
const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
let userId = "";
let privateKey: CryptoKey;

test.beforeAll(async () => {
  const keys = await generateKeyPair("ES256");
  privateKey = keys.privateKey as CryptoKey;
  const publicJwk = { ...(await exportJWK(keys.publicKey)), kid: "k1", alg: "ES256", use: "sig" };
  const db = openDb();
  const now = new Date().toISOString();
  userId = randomUUID();
  db.prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, ?, ?, ?, 'Token', 'Tester', 'Token Tester')")
    .run(userId, now, now, clientId, clientId, `${clientId}@example.com`);
  db.prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, sha256(sessionToken), userId, now, new Date(Date.now() + 3600_000).toISOString());
  const client = db.prepare("INSERT INTO oidc_clients (id, created_at, updated_at, name, callback_urls, skip_consent, jwks) VALUES (?, ?, ?, ?, ?, 1, ?)");
  client.run(clientId, now, now, "Token App", JSON.stringify([CALLBACK]), null);
  client.run(jwtClientId, now, now, "Key App", JSON.stringify([CALLBACK]), JSON.stringify({ keys: [publicJwk] }));
  db.prepare("INSERT INTO oidc_client_secrets (id, created_at, client_id, secret_hash, prefix) VALUES (?, ?, ?, ?, ?)").run(randomUUID(), now, clientId, sha256(secret), secret.slice(0, 4));
  db.close();
});

const options = { execute: [oidc.allowInsecureRequests] };
const discover = () => oidc.discovery(new URL(E2E_URL), clientId, secret, undefined, options);

/** A code flow through /authorize with the arranged session; the redirect is read, not followed. */
async function signIn(config: oidc.Configuration) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: CALLBACK,
    scope: "openid profile email",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const res = await fetch(url, { headers: { cookie: `access_token=${sessionToken}` }, redirect: "manual" });
  expect(res.status).toBe(302);
  return oidc.authorizationCodeGrant(config, new URL(res.headers.get("location")!), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
}

test("code + PKCE returns a refresh token that rotates with a fresh ID token", async () => {
  const config = await discover();
  expect(config.serverMetadata().grant_types_supported).toEqual(expect.arrayContaining(["refresh_token", "client_credentials"]));
  const tokens = await signIn(config);
  expect(tokens.refresh_token).toBeTruthy();
  const first = tokens.claims()!;
  expect(first.sid).toBeTruthy();

  const db = openDb();
  db.prepare("UPDATE users SET first_name = 'Renamed' WHERE id = ?").run(userId);
  db.close();
  const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  expect(refreshed.claims()).toMatchObject({ sub: userId, given_name: "Renamed", auth_time: first.auth_time, sid: first.sid });
  const info = await oidc.fetchUserInfo(config, refreshed.access_token, userId);
  expect(info.given_name).toBe("Renamed");
});

test("introspection reports the client's tokens; revocation of the refresh token ends the family", async () => {
  const config = await discover();
  const tokens = await signIn(config);
  const access = await oidc.tokenIntrospection(config, tokens.access_token);
  expect(access).toMatchObject({ active: true, client_id: clientId, sub: userId });
  expect((await oidc.tokenIntrospection(config, tokens.refresh_token!)).active).toBe(true);

  await oidc.tokenRevocation(config, tokens.refresh_token!);
  expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: "invalid_grant" });
});

test("client_credentials: a token for the client itself, active at introspection", async () => {
  const config = await discover();
  const tokens = await oidc.clientCredentialsGrant(config, { scope: "openid" });
  expect(tokens.refresh_token).toBeUndefined();
  expect(tokens.scope ?? "").toBe("");
  expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, sub: `client-${clientId}` });
});

test("private_key_jwt: the client authenticates with an assertion signed by its registered key", async () => {
  const config = await oidc.discovery(new URL(E2E_URL), jwtClientId, {}, oidc.PrivateKeyJwt(privateKey), options);
  const tokens = await oidc.clientCredentialsGrant(config);
  expect(tokens.access_token).toBeTruthy();
  const wrong = await generateKeyPair("ES256");
  const forged = await oidc.discovery(new URL(E2E_URL), jwtClientId, {}, oidc.PrivateKeyJwt(wrong.privateKey as CryptoKey), options);
  await expect(oidc.clientCredentialsGrant(forged)).rejects.toMatchObject({ error: "invalid_client" });
});
