// Grant families and refresh-token rotation (issue 6 items 2-3; inventory §2.7, RFC 6749 §6, RFC 9700
// §4.14): rotation on every use, reuse revokes the family (after a short grace that returns the same
// successor to concurrent refreshes), re-validation of the user, fresh ID token, per-client lifetimes,
// code replay revoking refreshed tokens, and client_credentials. On SQLite and PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import { REFRESH_REUSE_GRACE_SECONDS } from "@/lib/oidc/token/grants/refresh-token";
import { revokeGrants } from "@/lib/db/grants";

describe.each(PROVIDERS)("refresh tokens and grant families on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let userId: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => t.cleanup());

  const auth = () => ({ authorization: basic("test-client", secret) });
  async function login(scope = "openid profile email groups") {
    const loc = await location(await authorizeGet(req(authorizeUrl({}, scope), { cookie })));
    const code = loc.searchParams.get("code")!;
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth() }));
    expect(res.status).toBe(200);
    return { code, body: await res.json() };
  }
  const refresh = (refresh_token: string, headers: Record<string, string> = auth(), extra: Record<string, string> = {}) =>
    token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token, ...extra }, headers }));
  const userinfo = (accessToken: string) => userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${accessToken}` } }));
  /** Moves a used refresh token's use out of the reuse grace, as if the replay came later. */
  const ageUse = (refreshToken: string) =>
    db().oauthRefreshToken.update({ where: { tokenHash: sha256Hex(refreshToken) }, data: { consumedAt: new Date(Date.now() - (REFRESH_REUSE_GRACE_SECONDS + 5) * 1000) } });

  it("issues a refresh token with the code (no offline_access needed) and rotates it with a fresh ID token of current claims", async () => {
    const { body } = await login();
    expect(typeof body.refresh_token).toBe("string");
    const first = decodeJwt(body.id_token);
    const session = await db().session.findFirstOrThrow({ where: { userId } });
    expect(first.sid).toBe(session.id);

    await db().user.update({ where: { id: userId }, data: { firstName: "Alicia" } });
    const res = await refresh(body.refresh_token);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const next = await res.json();
    expect(next.refresh_token).not.toBe(body.refresh_token);
    expect(next.scope).toBe("openid profile email groups");
    const idToken = decodeJwt(next.id_token);
    expect(idToken).toMatchObject({ sub: userId, aud: ["test-client"], iss: TEST_APP_URL, given_name: "Alicia", auth_time: first.auth_time, sid: session.id });
    expect(idToken).not.toHaveProperty("nonce");
    // The access token issued with the used refresh token stops working; the new one works.
    expect((await userinfo(body.access_token)).status).toBe(401);
    expect((await userinfo(next.access_token)).status).toBe(200);
    // And the rotated-away token is recorded as used, with its successor named.
    const used = await db().oauthRefreshToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(body.refresh_token) } });
    const successor = await db().oauthRefreshToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(next.refresh_token) } });
    expect(used.consumedAt).not.toBeNull();
    expect(used.successorId).toBe(successor.id);
    expect(successor.grantId).toBe(used.grantId);
  });

  it("revokes the whole family when a rotated token is used again after the grace", async () => {
    const { body } = await login();
    const next = await (await refresh(body.refresh_token)).json();
    await ageUse(body.refresh_token);
    const replay = await refresh(body.refresh_token);
    expect(replay.status).toBe(400);
    expect(replay.headers.get("cache-control")).toBe("no-store");
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    // The legitimate holder's tokens die with it (RFC 9700 §4.14.2).
    expect(await (await refresh(next.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    expect((await userinfo(next.access_token)).status).toBe(401);
    expect(await db().auditLog.count({ where: { event: "REFRESH_TOKEN_REUSED" } })).toBe(1);
    expect((await db().oauthGrant.findFirstOrThrow()).revokedAt).not.toBeNull();
  });

  it("gives concurrent refreshes of one token the same successor, which then rotates normally", async () => {
    const { body } = await login();
    const results = await Promise.all([refresh(body.refresh_token), refresh(body.refresh_token), refresh(body.refresh_token)]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(results.map((r) => r.json()));
    const successors = new Set(bodies.map((b) => b.refresh_token));
    expect(successors.size).toBe(1);
    expect(await db().oauthRefreshToken.count()).toBe(2);
    for (const b of bodies) expect((await userinfo(b.access_token)).status).toBe(200);
    const [successor] = [...successors];
    const third = await refresh(successor);
    expect(third.status).toBe(200);
    expect(await db().oauthGrant.count({ where: { revokedAt: { not: null } } })).toBe(0);
  });

  it("treats a rotated token whose successor was already used as a replay, even inside the grace", async () => {
    const { body } = await login();
    const second = await (await refresh(body.refresh_token)).json();
    expect((await refresh(second.refresh_token)).status).toBe(200);
    expect(await (await refresh(body.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    expect((await db().oauthGrant.findFirstOrThrow()).revokedAt).not.toBeNull();
  });

  it("binds the token to its client: another client gets invalid_grant and changes nothing", async () => {
    const { body } = await login();
    const other = await seedClient({ id: "other-client", secret: "other-secret-other-secret-0123" });
    const res = await refresh(body.refresh_token, { authorization: basic(other.id, other.secret!) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant" });
    expect((await refresh(body.refresh_token)).status).toBe(200);
  });

  it("re-checks the user: disabled → invalid_grant, removed from the client's groups → access_denied, deleted → invalid_grant", async () => {
    const a = (await login()).body;
    const b = (await login()).body;
    const c = (await login()).body;
    await db().user.update({ where: { id: userId }, data: { disabled: true } });
    expect(await (await refresh(a.refresh_token)).json()).toMatchObject({ error: "invalid_grant", error_description: "The user account is disabled." });
    await db().user.update({ where: { id: userId }, data: { disabled: false } });
    await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: true } });
    const denied = await refresh(b.refresh_token);
    expect(denied.status).toBe(400);
    expect(await denied.json()).toMatchObject({ error: "access_denied" });
    // Not revoked: back in an allowed group, the same token works.
    const group = await db().userGroup.create({ data: { name: "ops", friendlyName: "Ops" } });
    await db().userGroupMember.create({ data: { userId, userGroupId: group.id } });
    await db().oidcClientAllowedGroup.create({ data: { oidcClientId: "test-client", userGroupId: group.id } });
    expect((await refresh(b.refresh_token)).status).toBe(200);
    await db().user.delete({ where: { id: userId } });
    expect(await (await refresh(c.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("uses the client's current lifetimes and ignores a scope parameter (never widens the grant)", async () => {
    const { body } = await login("openid email");
    await db().oidcClient.update({ where: { id: "test-client" }, data: { accessTokenDurationMinutes: 5, refreshTokenDurationMinutes: 120 } });
    const res = await refresh(body.refresh_token, auth(), { scope: "openid email profile groups" });
    const next = await res.json();
    expect(next.expires_in).toBe(300);
    expect(next.scope).toBe("openid email");
    expect(decodeJwt(next.id_token)).not.toHaveProperty("name");
    const row = await db().oauthRefreshToken.findUniqueOrThrow({ where: { tokenHash: sha256Hex(next.refresh_token) } });
    const minutes = (row.expiresAt.getTime() - row.createdAt.getTime()) / 60_000;
    expect(Math.round(minutes)).toBe(120);
  });

  it("refuses expired, unknown and missing refresh tokens with RFC errors", async () => {
    const { body } = await login();
    await db().oauthRefreshToken.update({ where: { tokenHash: sha256Hex(body.refresh_token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await (await refresh(body.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    expect(await (await refresh("x".repeat(43))).json()).toMatchObject({ error: "invalid_grant" });
    const missing = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token" }, headers: auth() }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toMatchObject({ error: "invalid_request" });
  });

  it("revokes what a code's family produced, refreshed tokens included, when the code is replayed", async () => {
    const { code, body } = await login();
    const next = await (await refresh(body.refresh_token)).json();
    const replay = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth() }));
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    expect((await userinfo(next.access_token)).status).toBe(401);
    expect(await (await refresh(next.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
  });

  it("revokes the families of one browser session in one update (end-session, My Apps), leaving others alone", async () => {
    const mine = (await login()).body;
    const otherCookie = await sessionCookieFor(userId);
    const loc = await location(await authorizeGet(req(authorizeUrl({}), { cookie: otherCookie })));
    const theirs = await (await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code: loc.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth() }))).json();
    const sid = decodeJwt(mine.id_token).sid as string;
    expect(decodeJwt(theirs.id_token).sid).not.toBe(sid);
    expect(await db().$transaction((tx) => revokeGrants(tx, { sessionId: sid }))).toBe(1);
    expect((await userinfo(mine.access_token)).status).toBe(401);
    expect(await (await refresh(mine.refresh_token)).json()).toMatchObject({ error: "invalid_grant" });
    expect((await userinfo(theirs.access_token)).status).toBe(200);
    expect(await db().$transaction((tx) => revokeGrants(tx, { userId, clientId: "test-client" }))).toBe(1);
    expect((await userinfo(theirs.access_token)).status).toBe(401);
  });

  it("refuses a code whose grant was revoked before it was redeemed (the user signed out in between)", async () => {
    const loc = await location(await authorizeGet(req(authorizeUrl({}), { cookie })));
    const code = loc.searchParams.get("code")!;
    const session = await db().session.findFirstOrThrow({ where: { userId } });
    expect(await db().$transaction((tx) => revokeGrants(tx, { sessionId: session.id }))).toBe(1);
    const res = await token(req("/api/oidc/token", { form: { grant_type: "authorization_code", code, redirect_uri: CB, code_verifier: VERIFIER }, headers: auth() }));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_grant", error_description: "The authorization behind this code has been revoked." });
    expect(await db().oauthAccessToken.count()).toBe(0);
    expect(await db().oauthRefreshToken.count()).toBe(0);
  });

  describe("client_credentials", () => {
    it("issues an access token for the client itself: sub client-<id>, no identity scopes, no refresh or ID token", async () => {
      const res = await token(req("/api/oidc/token", { form: { grant_type: "client_credentials", scope: "openid profile email" }, headers: auth() }));
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const body = await res.json();
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "" });
      expect(body).not.toHaveProperty("refresh_token");
      expect(body).not.toHaveProperty("id_token");
      expect(decodeJwt(body.access_token)).toMatchObject({ sub: "client-test-client", aud: ["test-client"], client_id: "test-client", scope: "" });
      // Not valid at userinfo: no identity scope, so the issuer is not an audience.
      expect((await userinfo(body.access_token)).status).toBe(401);
    });
    it("refuses public clients with unauthorized_client", async () => {
      await seedClient({ id: "spa", isPublic: true });
      const res = await token(req("/api/oidc/token", { form: { grant_type: "client_credentials", client_id: "spa" } }));
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: "unauthorized_client" });
    });
    it("refuses a wrong secret with invalid_client before anything is issued", async () => {
      const res = await token(req("/api/oidc/token", { form: { grant_type: "client_credentials" }, headers: { authorization: basic("test-client", "wrong-wrong-wrong-wrong") } }));
      expect(res.status).toBe(401);
      expect(await db().oauthAccessToken.count()).toBe(0);
    });
  });
});
