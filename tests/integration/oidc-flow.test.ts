// The code flow through the real route handlers on SQLite and PostgreSQL: authorize → code → token →
// userinfo, and the negative cases a client or attacker can produce (RFC 6749 §4.1, RFC 7636, RFC 9700).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalJWKSet, jwtVerify } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet, POST as authorizePost } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";
import { db } from "@/lib/db/client";
import { issueIdToken } from "@/lib/oidc/tokens";
import { signingKey } from "@/lib/keys";
import { resetEnvForTests } from "@/lib/config/env";

describe.each(PROVIDERS)("OIDC code flow on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userId: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    const user = await seedUser("alice");
    userId = user.id;
    const group = await db().userGroup.create({ data: { name: "devs", friendlyName: "Developers" } });
    await db().userGroupMember.create({ data: { userId, userGroupId: group.id } });
    await db().userCustomClaim.create({ data: { key: "shell", value: '"/bin/zsh"', userId } });
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => t.cleanup());

  async function getCode(params: Record<string, string> = {}) {
    const loc = await location(await authorizeGet(req(authorizeUrl(params), { cookie })));
    expect(loc.origin + loc.pathname).toBe(CB);
    return loc;
  }

  function exchange(code: string, extra: Record<string, string> = {}, auth = basic("test-client", secret)) {
    return token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER, ...extra }, headers: { authorization: auth } }));
  }

  it("issues a code with state and iss, then tokens whose ID token verifies against the JWKS", async () => {
    const loc = await getCode();
    expect(loc.searchParams.get("state")).toBe("state-12345");
    expect(loc.searchParams.get("iss")).toBe(TEST_APP_URL);
    const res = await exchange(loc.searchParams.get("code")!);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body.token_type).toBe("Bearer");
    expect(body.expires_in).toBe(3600);

    const keys = await (await jwks()).json();
    const { payload, protectedHeader } = await jwtVerify(body.id_token, createLocalJWKSet(keys), { issuer: TEST_APP_URL, audience: "test-client" });
    expect(protectedHeader.kid).toBe(keys.keys[0].kid);
    expect(payload).toMatchObject({ sub: userId, nonce: "nonce-123456", preferred_username: "alice", email: "alice@example.com", groups: ["devs"], shell: "/bin/zsh", amr: ["phr"], type: "id-token" });
    expect(typeof payload.at_hash).toBe("string");
    expect(typeof payload.auth_time).toBe("number");

    const at = await jwtVerify(body.access_token, createLocalJWKSet(keys), { issuer: TEST_APP_URL, typ: "at+jwt" });
    expect(at.payload.aud).toEqual(["test-client", TEST_APP_URL]);
    expect(at.payload.client_id).toBe("test-client");

    const info = await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${body.access_token}` } }));
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ sub: userId, email: "alice@example.com", email_verified: false, name: "Alice Tester", groups: ["devs"] });
  });

  it("rejects a replayed code and revokes the token the code issued", async () => {
    const code = (await getCode()).searchParams.get("code")!;
    const first = await (await exchange(code)).json();
    const second = await exchange(code);
    expect(second.status).toBe(400);
    expect(await second.json()).toMatchObject({ error: "invalid_grant" });
    const info = await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${first.access_token}` } }));
    expect(info.status).toBe(401);
    expect(info.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    expect(await db().auditLog.count({ where: { event: "AUTHORIZATION_CODE_REUSED" } })).toBe(1);
  });

  it("redeems a code exactly once under concurrent requests, and the replays revoke what it issued", async () => {
    const code = (await getCode()).searchParams.get("code")!;
    const results = await Promise.all([exchange(code), exchange(code), exchange(code)]);
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(1);
    // A replay that raced the first redemption must still reach its token (RFC 6749 §4.1.2).
    const { access_token } = await ok[0].json();
    const info = await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${access_token}` } }));
    expect(info.status).toBe(401);
    expect(info.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
  });

  it("rejects a wrong PKCE verifier, a missing verifier and a verifier without challenge", async () => {
    let code = (await getCode()).searchParams.get("code")!;
    expect(await (await exchange(code, { code_verifier: "x".repeat(43) })).json()).toMatchObject({ error: "invalid_grant" });
    code = (await getCode()).searchParams.get("code")!;
    const noVerifier = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB }, headers: { authorization: basic("test-client", secret) } }));
    expect(await noVerifier.json()).toMatchObject({ error: "invalid_grant" });
    code = (await getCode({ code_challenge: "", code_challenge_method: "" })).searchParams.get("code")!;
    expect(await (await exchange(code)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("rejects a different redirect_uri at the token endpoint", async () => {
    const code = (await getCode()).searchParams.get("code")!;
    expect(await (await exchange(code, { redirect_uri: "https://app.example.com/other" })).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("answers a bad client secret with 401 invalid_client and a Basic challenge", async () => {
    const code = (await getCode()).searchParams.get("code")!;
    const res = await exchange(code, {}, basic("test-client", "nope-nope-nope-nope"));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Basic");
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
    // Client authentication runs before the code is consumed: a guessed secret cannot burn the code.
    expect((await exchange(code)).status).toBe(200);
  });

  it("accepts client_secret_post and refuses two authentication methods at once", async () => {
    const code = (await getCode()).searchParams.get("code")!;
    // Basic plus another secret in the form: two ways to authenticate, refused before the code is used.
    const both = await exchange(code, { client_secret: "another-secret-another-secret-01" });
    expect(await both.json()).toMatchObject({ error: "invalid_request" });
    const post = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER, client_id: "test-client", client_secret: secret } }));
    expect(post.status).toBe(200);
  });

  it("answers malformed token requests with RFC errors, never a 500", async () => {
    const json = await token(req("/api/oidc/token", { json: { grant_type: "authorization_code" }, headers: { authorization: basic("test-client", secret) } }));
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ error: "invalid_request" });
    const grant = await token(req("/api/oidc/token", { form: { grant_type: "password" }, headers: { authorization: basic("test-client", secret) } }));
    expect(await grant.json()).toMatchObject({ error: "unsupported_grant_type" });
    const repeated = await token(new (await import("next/server")).NextRequest(`${TEST_APP_URL}/api/oidc/token`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic("test-client", secret) }, body: "grant_type=authorization_code&code=a&code=b" }));
    expect(await repeated.json()).toMatchObject({ error: "invalid_request" });
    const garbage = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: "garbage" }, headers: { authorization: "Basic !!!" } }));
    expect(garbage.status).toBe(401);
  });

  it("shows our error page, never a redirect, for an unknown client or unregistered redirect_uri", async () => {
    for (const params of [{ client_id: "nope" }, { redirect_uri: "https://evil.example.com/cb" }, { redirect_uri: "https://app.example.com/cb/" }] as Record<string, string>[]) {
      const loc = await location(await authorizeGet(req(authorizeUrl(params), { cookie })));
      expect(loc.origin).toBe(TEST_APP_URL);
      expect(loc.pathname).toBe("/interaction/error");
    }
  });

  it("redirects parameter errors to the verified redirect_uri with state and iss", async () => {
    const missingState = await location(await authorizeGet(req(authorizeUrl({ state: "" }), { cookie })));
    expect(missingState.searchParams.get("error")).toBe("invalid_state");
    const badType = await location(await authorizeGet(req(authorizeUrl({ response_type: "token" }), { cookie })));
    expect(badType.searchParams.get("error")).toBe("unsupported_response_type");
    expect(badType.searchParams.get("state")).toBe("state-12345");
    expect(badType.searchParams.get("iss")).toBe(TEST_APP_URL);
  });

  it("sends a visitor without a session to the interaction page, or login_required with prompt=none", async () => {
    const park = await location(await authorizeGet(req(authorizeUrl({}))));
    expect(park.pathname).toBe("/interaction");
    const none = await location(await authorizeGet(req(authorizeUrl({ prompt: "none" }))));
    expect(none.searchParams.get("error")).toBe("login_required");
  });

  it("accepts POST /authorize and answers with 303", async () => {
    const q = new URL(authorizeUrl({}), TEST_APP_URL).searchParams;
    const res = await authorizePost(req("/authorize", { form: Object.fromEntries(q), cookie }));
    expect(res.status).toBe(303);
    expect(new URL(res.headers.get("location")!).searchParams.get("code")).toBeTruthy();
  });

  it("requires PKCE from public clients and lets them redeem without a secret", async () => {
    await seedClient({ id: "spa", isPublic: true });
    const q = (p: Record<string, string>) => authorizeUrl({ client_id: "spa", ...p });
    const noPkce = await location(await authorizeGet(req(q({ code_challenge: "", code_challenge_method: "" }), { cookie })));
    expect(noPkce.searchParams.get("error")).toBe("invalid_request");
    await db().userAuthorizedClient.create({ data: { userId, clientId: "spa", scope: JSON.stringify(["openid", "profile", "email", "groups"]) } });
    const code = (await location(await authorizeGet(req(q({}), { cookie })))).searchParams.get("code")!;
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER, client_id: "spa" } }));
    expect(res.status).toBe(200);
  });

  it("refuses tokens for a user disabled after the code was issued", async () => {
    const code = (await getCode()).searchParams.get("code")!;
    await db().user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await (await exchange(code)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("honours id_token_hint: silent for the hinted user, login_required for another, invalid_request for a forged one", async () => {
    const mint = async (sub: string) =>
      (await issueIdToken(await signingKey(), { issuer: TEST_APP_URL, clientId: "test-client", claims: { sub }, authTime: new Date(), amr: [], now: new Date(0) })).token;
    const same = await location(await authorizeGet(req(authorizeUrl({ prompt: "none", id_token_hint: await mint(userId) }), { cookie })));
    expect(same.searchParams.get("code")).toBeTruthy();
    const other = await location(await authorizeGet(req(authorizeUrl({ prompt: "none", id_token_hint: await mint("someone-else") }), { cookie })));
    expect(other.searchParams.get("error")).toBe("login_required");
    const forged = await location(await authorizeGet(req(authorizeUrl({ id_token_hint: "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." }), { cookie })));
    expect(forged.searchParams.get("error")).toBe("invalid_request");
  });

  it("ignores parameters it does not use (display, ui_locales, login_hint, acr_values, unknown)", async () => {
    const loc = await getCode({ display: "page", ui_locales: "de", login_hint: "alice", acr_values: "urn:x", foo: "bar" });
    expect(loc.searchParams.get("code")).toBeTruthy();
  });

  it("refuses plain-http redirect URIs when ALLOW_INSECURE_CALLBACK_URLS=false", async () => {
    await seedClient({ id: "legacy", callbacks: ["http://app.example.com/cb"], skipConsent: true });
    const url = authorizeUrl({ client_id: "legacy", redirect_uri: "http://app.example.com/cb" });
    expect((await location(await authorizeGet(req(url, { cookie })))).searchParams.get("code")).toBeTruthy();
    process.env.ALLOW_INSECURE_CALLBACK_URLS = "false";
    resetEnvForTests();
    try {
      const loc = await location(await authorizeGet(req(url, { cookie })));
      expect(loc.pathname).toBe("/interaction/error");
      expect(loc.searchParams.get("error")).toBe("invalid_redirect_uri");
    } finally {
      delete process.env.ALLOW_INSECURE_CALLBACK_URLS;
      resetEnvForTests();
    }
  });

  it("publishes discovery with the issuer and endpoints", async () => {
    const doc = await (await discovery()).json();
    expect(doc.issuer).toBe(TEST_APP_URL);
    expect(doc.token_endpoint).toBe(`${TEST_APP_URL}/api/oidc/token`);
    expect(doc.code_challenge_methods_supported).toEqual(["plain", "S256"]);
  });
});
