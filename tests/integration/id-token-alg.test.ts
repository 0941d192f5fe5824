// Per-client id_token_signed_response_alg (OIDC Registration §2): a client that chose ES256 gets
// ES256 ID tokens that verify against the JWKS and still work as end-session hints; access tokens
// and other clients stay on the RS256 default.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { GET as endSession } from "@/app/api/oidc/end-session/route";
import { db } from "@/lib/db/client";
import { createClient } from "@/lib/services/oidc-clients/create-client";

describe.each(PROVIDERS)("id_token_signed_response_alg on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let secret: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    const user = await seedUser("alice");
    cookie = await sessionCookieFor(user.id);
    secret = (await seedClient({ skipConsent: true, logoutCallbacks: ["https://app.example.com/bye"] })).secret!;
    await db().userAuthorizedClient.create({ data: { userId: user.id, clientId: "test-client", scope: '["openid"]' } });
  });
  afterEach(async () => t.cleanup());

  async function tokens() {
    const code = (await location(await authorizeGet(req(authorizeUrl(), { cookie })))).searchParams.get("code")!;
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: { authorization: basic("test-client", secret) } }));
    expect(res.status).toBe(200);
    return res.json();
  }

  it("signs the ID token with the client's algorithm and the access token with the default", async () => {
    expect(decodeProtectedHeader((await tokens()).id_token).alg).toBe("RS256");
    await db().oidcClient.update({ where: { id: "test-client" }, data: { idTokenSignedResponseAlg: "ES256" } });
    const body = await tokens();
    expect(decodeProtectedHeader(body.id_token).alg).toBe("ES256");
    expect(decodeProtectedHeader(body.access_token).alg).toBe("RS256");
    const keys = createLocalJWKSet(await (await jwks(req("/.well-known/jwks.json"))).json());
    await jwtVerify(body.id_token, keys, { issuer: TEST_APP_URL, audience: "test-client", algorithms: ["ES256"] });

    // The ES256 ID token is a valid id_token_hint for RP-initiated logout.
    const q = new URLSearchParams({ id_token_hint: body.id_token, post_logout_redirect_uri: "https://app.example.com/bye" });
    const res = await endSession(req(`/api/oidc/end-session?${q}`, { cookie }));
    expect(res.headers.get("location")).toBe("https://app.example.com/bye");
  });

  it("stores the choice from the admin input and refuses an algorithm it cannot sign with", async () => {
    const meta = { ip: null, userAgent: "test" };
    const admin = (await seedUser("root")).id;
    const { client } = await createClient({ name: "Edwards", idTokenSignedResponseAlg: "EdDSA" }, admin, meta, { withSecret: false });
    expect(client.idTokenSignedResponseAlg).toBe("EdDSA");
    await expect(createClient({ name: "Bad", idTokenSignedResponseAlg: "HS256" as never }, admin, meta, { withSecret: false })).rejects.toThrow(/Choose one of RS256/);
  });
});
