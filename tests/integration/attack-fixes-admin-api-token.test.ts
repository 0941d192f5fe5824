// Regressions of the outside attack on the admin REST API and client assertions, on SQLite and
// PostgreSQL: expiry dates past the year 9999 (a 500 on PostgreSQL), client assertions whose exp
// cannot be stored as a date (a 500 on both), a user created with the static API user's id, and a
// NUL in the user id of the admin passkey routes (a 500 on PostgreSQL).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SignJWT, exportJWK, generateKeyPair } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { POST as createApiKeyRoute } from "@/app/api/api-keys/route";
import { POST as createSecretRoute } from "@/app/api/oidc/clients/[id]/secrets/route";
import { POST as createUserRoute } from "@/app/api/users/route";
import { GET as meRoute } from "@/app/api/users/me/route";
import { POST as tokenPost } from "@/app/api/oidc/token/route";
import { GET as listUserPasskeys } from "@/app/api/users/[id]/webauthn-credentials/route";
import { DELETE as deleteUserPasskey } from "@/app/api/users/[id]/webauthn-credentials/[credentialId]/route";
import { db } from "@/lib/db/client";
import { resetEnvForTests } from "@/lib/config/env";
import { STATIC_API_USER_ID } from "@/lib/auth/api-key-auth";

const origin = { origin: TEST_APP_URL };
const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

describe.each(PROVIDERS)("admin API and client assertion attack fixes on %s", (provider) => {
  let t: TestDb;
  let adminId: string;
  let cookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    adminId = (await seedUser("root", { isAdmin: true })).id;
    cookie = await sessionCookieFor(adminId);
  });
  afterEach(async () => t.cleanup());

  it("refuses API key and client secret expiries past the year 9999 with a sentence, not a 500", async () => {
    for (const expiresAt of ["+010000-01-01T00:00:00Z", 8.64e15]) {
      const res = await createApiKeyRoute(req("/api/api-keys", { json: { name: "far", expiresAt }, cookie, headers: origin }), undefined);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body).toMatchObject({ code: "validation_failed", details: { expiresAt: "Choose a date before the year 10000" } });
    }
    const ok = await createApiKeyRoute(req("/api/api-keys", { json: { name: "late", expiresAt: "9999-12-31T00:00:00Z" }, cookie, headers: origin }), undefined);
    expect(ok.status).toBe(201);

    await seedClient({ id: "svc" });
    const { token } = await seedApiKey(adminId);
    const secret = await createSecretRoute(req("/api/oidc/clients/svc/secrets", { json: { expiresAt: "+020000-06-01T00:00:00Z" }, headers: { "x-api-key": token } }), ctx({ id: "svc" }));
    expect(secret.status).toBe(400);
    expect((await secret.json()).details).toEqual({ expiresAt: "Choose a date before the year 10000" });
  });

  it("answers invalid_client for a private_key_jwt assertion whose exp no date can hold", async () => {
    await seedClient({ id: "rp" });
    const { publicKey, privateKey } = await generateKeyPair("RS256");
    await db().oidcClient.update({ where: { id: "rp" }, data: { jwks: JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" }] }) } });
    const assertion = (exp: number, jti: string) =>
      new SignJWT({ jti }).setProtectedHeader({ alg: "RS256", kid: "k1" }).setIssuer("rp").setSubject("rp").setAudience(`${TEST_APP_URL}/api/oidc/token`).setExpirationTime(exp).sign(privateKey);
    const call = async (exp: number, jti: string) =>
      tokenPost(req("/api/oidc/token", { form: { grant_type: "client_credentials", client_id: "rp", client_assertion_type: ASSERTION_TYPE, client_assertion: await assertion(exp, jti) } }));
    // 1e20 s is past JavaScript's last date; 9e11 s is the year ~30,000, past PostgreSQL's driver.
    for (const exp of [1e20, 9e11]) {
      const res = await call(exp, `far-${exp}`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "invalid_client", error_description: "The client assertion is invalid: its exp is too far in the future." });
    }
    expect((await call(Math.floor(Date.now() / 1000) + 60, "near")).status).toBe(200);
  });

  it("refuses to create a user with the static API user's id, so STATIC_API_KEY never acts as that user", async () => {
    const res = await createUserRoute(req("/api/users", { json: { id: STATIC_API_USER_ID, username: "nil", email: "nil@example.com" }, cookie, headers: origin }), undefined);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: "validation_failed", details: { id: "This ID is reserved: choose another one" } });
    expect(await db().user.count({ where: { id: STATIC_API_USER_ID } })).toBe(0);
    process.env.STATIC_API_KEY = "static-key-static-key-static-key";
    resetEnvForTests();
    try {
      const me = await meRoute(req("/api/users/me", { headers: { "x-api-key": "static-key-static-key-static-key" } }), undefined);
      expect(await me.json()).toMatchObject({ id: STATIC_API_USER_ID, isAdmin: true });
    } finally {
      delete process.env.STATIC_API_KEY;
      resetEnvForTests();
    }
  });

  it("answers a user id with NUL on the admin passkey routes like an unknown user, not with a 500", async () => {
    const { token } = await seedApiKey(adminId);
    const headers = { "x-api-key": token };
    const list = await listUserPasskeys(req("/api/users/x/webauthn-credentials", { headers }), ctx({ id: "a\u0000b" }));
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([]);
    const del = await deleteUserPasskey(req("/api/users/x/webauthn-credentials/y", { method: "DELETE", headers }), ctx({ id: "a\u0000b", credentialId: "y" }));
    expect(del.status).toBe(404);
    expect((await del.json()).code).toBe("not_found");
  });
});
