// Per-client claim mapping and the OIDC data preview, through the route handlers on SQLite and
// PostgreSQL: the mapping is written and read via PUT/GET /api/oidc/clients/:id, refused onto
// protocol claims with a sentence, applied alike to the ID token, userinfo and introspection (and to
// the ID token of a refresh, with the mapping current at that time); the preview route shows the
// same claims as real issuance, stores and audits nothing, and answers stable error codes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB, VERIFIER, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfoGet } from "@/app/api/oidc/userinfo/route";
import { POST as introspectPost } from "@/app/api/oidc/introspect/route";
import * as client from "@/app/api/oidc/clients/[id]/route";
import * as clients from "@/app/api/oidc/clients/route";
import * as preview from "@/app/api/oidc/clients/[id]/preview/[userId]/route";
import { db } from "@/lib/db/client";

const ORIGIN = { origin: TEST_APP_URL };
/** What the ID token carries besides user claims (OIDC Core §2, inventory §2.9). */
const ID_TOKEN_PROTOCOL = ["iss", "aud", "exp", "iat", "jti", "auth_time", "type", "rat", "nonce", "amr", "sid", "at_hash"];
/** What an introspection answer carries besides user claims (RFC 7662 §2.2, inventory §2.12). */
const INTROSPECTION_FIELDS = ["active", "token_type", "iss", "client_id", "sub", "username", "aud", "scope", "iat", "exp", "jti"];
const without = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));

const MAPPING = {
  preferredUsername: { source: "email" },
  rename: [{ from: "groups", to: "roles" }],
  drop: ["picture"],
  static: [{ name: "tenant", value: { id: 7, plan: "pro" }, scope: "profile" }, { name: "always_here", value: true, scope: "openid" }],
};

describe.each(PROVIDERS)("claim mapping and OIDC data preview on %s", (provider) => {
  let t: TestDb;
  let adminCookie: string;
  let aliceId: string;
  let aliceCookie: string;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    adminCookie = await sessionCookieFor(admin.id);
    aliceId = (await seedUser("alice")).id;
    aliceCookie = await sessionCookieFor(aliceId);
    const group = await db().userGroup.create({ data: { name: "devs", friendlyName: "Developers" } });
    await db().userGroupMember.create({ data: { userId: aliceId, userGroupId: group.id } });
    await db().userCustomClaim.create({ data: { key: "unraid_user", value: '"root"', userId: aliceId } });
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => t.cleanup());

  const getClient = async () => (await client.GET(req("/api/oidc/clients/test-client", { cookie: adminCookie }), ctx({ id: "test-client" }))).json();
  const putClient = async (extra: Record<string, unknown>) =>
    client.PUT(
      req("/api/oidc/clients/test-client", { method: "PUT", cookie: adminCookie, headers: ORIGIN, json: { name: "Test Client", callbackURLs: [CB], skipConsent: true, ...extra } }),
      ctx({ id: "test-client" }),
    );
  async function login(scope = "openid profile email groups") {
    const loc = await location(await authorizeGet(req(authorizeUrl({}, scope), { cookie: aliceCookie })));
    const res = await token(req("/api/oidc/token", {
      form: { grant_type: "authorization_code", code: loc.searchParams.get("code")!, redirect_uri: CB, code_verifier: VERIFIER },
      headers: { authorization: basic("test-client", secret) },
    }));
    expect(res.status).toBe(200);
    return res.json();
  }
  const userinfo = async (accessToken: string) => (await userinfoGet(req("/api/oidc/userinfo", { headers: { authorization: `Bearer ${accessToken}` } }))).json();
  const introspect = async (tok: string) =>
    (await introspectPost(req("/api/oidc/introspect", { method: "POST", form: { token: tok }, headers: { authorization: basic("test-client", secret) } }))).json();
  const previewOf = (userId: string, scopes?: string, cookie = adminCookie) =>
    preview.GET(req(`/api/oidc/clients/test-client/preview/${userId}${scopes === undefined ? "" : `?scopes=${encodeURIComponent(scopes)}`}`, { cookie }), ctx({ id: "test-client", userId }));

  it("reads the default mapping, stores one through PUT, keeps it when PUT leaves it out, resets it with null", async () => {
    expect((await getClient()).claimMapping).toEqual({ preferredUsername: { source: "username" }, email: { source: "email" }, rename: [], drop: [], static: [] });
    const res = await putClient({ claimMapping: MAPPING });
    expect(res.status).toBe(200);
    const expected = { ...MAPPING, email: { source: "email" } };
    expect((await res.json()).claimMapping).toEqual(expected);
    expect((await getClient()).claimMapping).toEqual(expected);
    await putClient({ description: "kept" });
    expect((await getClient()).claimMapping).toEqual(expected);
    await putClient({ claimMapping: null });
    expect((await getClient()).claimMapping.rename).toEqual([]);
    expect((await db().oidcClient.findUnique({ where: { id: "test-client" } }))!.claimMapping).toBeNull();
  });

  it("takes a mapping at creation too (POST), checked by the same rules", async () => {
    const create = (body: Record<string, unknown>) => clients.POST(req("/api/oidc/clients", { cookie: adminCookie, headers: ORIGIN, json: { name: "Mapped", callbackURLs: [CB], ...body } }), undefined);
    const res = await create({ id: "mapped-client", claimMapping: MAPPING });
    expect(res.status).toBe(201);
    expect((await res.json()).claimMapping).toEqual({ ...MAPPING, email: { source: "email" } });
    const refused = await create({ id: "refused-client", claimMapping: { drop: ["sub"] } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify((await refused.json()).details)).toContain('\\"sub\\" is a protocol claim');
    expect(await db().oidcClient.findUnique({ where: { id: "refused-client" } })).toBeNull();
  });

  it("refuses renaming onto protocol claims and conflicting rules, with a sentence per field", async () => {
    const res = await putClient({ claimMapping: { rename: [{ from: "groups", to: "sub" }], static: [{ name: "nonce", value: "x" }], drop: ["aud"] } });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe("validation_failed");
    const details = JSON.stringify(body.details);
    for (const name of ["sub", "nonce", "aud"]) expect(details).toContain(`\\"${name}\\" is a protocol claim that clients rely on to validate tokens`);
    const bad = await putClient({ claimMapping: { preferredUsername: { source: "nickname" } } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify((await bad.json()).details)).toContain("Choose one of username, email, userId, customClaim");
    expect((await getClient()).claimMapping.rename).toEqual([]);
  });

  it("without a mapping, tokens, userinfo and introspection are unchanged (Pocket ID's claims, no extra introspection fields)", async () => {
    const body = await login();
    const id = decodeJwt(body.id_token);
    expect(id).toMatchObject({ preferred_username: "alice", groups: ["devs"], unraid_user: "root", email: "alice@example.com" });
    expect(Object.keys(await introspect(body.access_token)).sort()).toEqual([...INTROSPECTION_FIELDS].sort());
  });

  it("applies the mapping alike to the ID token, userinfo and introspection of access and refresh tokens", async () => {
    expect((await putClient({ claimMapping: MAPPING })).status).toBe(200);
    const body = await login();
    const id = decodeJwt(body.id_token) as Record<string, unknown>;
    expect(id).toMatchObject({ sub: aliceId, preferred_username: "alice@example.com", roles: ["devs"], tenant: { id: 7, plan: "pro" }, always_here: true, iss: TEST_APP_URL });
    expect(id).not.toHaveProperty("groups");
    expect(id).not.toHaveProperty("picture");
    const fromId = without(id, ID_TOKEN_PROTOCOL);
    const info = await userinfo(body.access_token);
    expect(info).toEqual(fromId);
    const access = await introspect(body.access_token);
    expect(access).toMatchObject({ active: true, sub: aliceId, username: aliceId, client_id: "test-client" });
    expect({ sub: aliceId, ...without(access, INTROSPECTION_FIELDS) }).toEqual(fromId);
    const refresh = await introspect(body.refresh_token);
    expect({ sub: aliceId, ...without(refresh, INTROSPECTION_FIELDS) }).toEqual(fromId);
  });

  it("releases a mapped claim only under the scope of its source", async () => {
    await putClient({ claimMapping: MAPPING });
    const body = await login("openid profile");
    const id = decodeJwt(body.id_token);
    // preferred_username now comes from the email address: without the email scope it is not released.
    expect(id).not.toHaveProperty("preferred_username");
    expect(id).not.toHaveProperty("roles");
    expect(id).toMatchObject({ tenant: { id: 7, plan: "pro" }, always_here: true });
    expect(await userinfo(body.access_token)).toEqual(without(id as Record<string, unknown>, ID_TOKEN_PROTOCOL));
  });

  it("a refresh gets an ID token with the mapping current at that time", async () => {
    const body = await login();
    expect(decodeJwt(body.id_token).preferred_username).toBe("alice");
    await putClient({ claimMapping: { preferredUsername: { source: "customClaim", claim: "unraid_user" } } });
    const res = await token(req("/api/oidc/token", { form: { grant_type: "refresh_token", refresh_token: body.refresh_token }, headers: { authorization: basic("test-client", secret) } }));
    const refreshed = await res.json();
    expect(decodeJwt(refreshed.id_token).preferred_username).toBe("root");
    expect((await userinfo(refreshed.access_token)).preferred_username).toBe("root");
  });

  it("the preview shows what real issuance gives, stores and audits nothing", async () => {
    await putClient({ claimMapping: MAPPING });
    const body = await login();
    const [tokensBefore, auditBefore] = [await db().oauthAccessToken.count(), await db().auditLog.count()];
    const res = await previewOf(aliceId, "openid profile email groups");
    expect(res.status).toBe(200);
    const p = await res.json();
    expect(p.scopes).toEqual(["openid", "profile", "email", "groups"]);
    const real = decodeJwt(body.id_token) as Record<string, unknown>;
    expect(without(p.idToken, ID_TOKEN_PROTOCOL)).toEqual(without(real, ID_TOKEN_PROTOCOL));
    expect(p.idToken).toMatchObject({ iss: TEST_APP_URL, aud: ["test-client"], type: "id-token", amr: ["phr"] });
    expect(p.userInfo).toEqual(await userinfo(body.access_token));
    const realAccess = decodeJwt(body.access_token) as Record<string, unknown>;
    const perRequest = ["jti", "iat", "exp", "auth_time"];
    expect(without(p.accessToken, perRequest)).toEqual(without(realAccess, perRequest));
    expect(p.warnings).toEqual([]);
    expect(await db().oauthAccessToken.count()).toBe(tokensBefore);
    expect(await db().auditLog.count()).toBe(auditBefore);
  });

  it("without openid the preview has no ID token and no userinfo; the default scopes are the identity scopes", async () => {
    const p = await (await previewOf(aliceId, "profile")).json();
    expect(p).toMatchObject({ idToken: null, userInfo: null, scopes: ["profile"] });
    expect(p.accessToken).toMatchObject({ sub: aliceId, scope: "profile", client_id: "test-client" });
    expect((await (await previewOf(aliceId)).json()).scopes).toEqual(["openid", "profile", "email", "groups"]);
  });

  it("answers stable codes for an unknown client, an unknown user, unknown or no scopes, and non-admins", async () => {
    const unknownClient = await preview.GET(req(`/api/oidc/clients/nope/preview/${aliceId}`, { cookie: adminCookie }), ctx({ id: "nope", userId: aliceId }));
    expect(unknownClient.status).toBe(404);
    expect((await unknownClient.json()).code).toBe("not_found");
    const unknownUser = await previewOf("no-such-user", "openid");
    expect(unknownUser.status).toBe(404);
    expect((await unknownUser.json()).code).toBe("user_not_found");
    const badScope = await previewOf(aliceId, "openid admin");
    expect(badScope.status).toBe(400);
    expect(await badScope.json()).toMatchObject({ code: "invalid_scope", error: expect.stringContaining('"admin"') });
    expect((await (await previewOf(aliceId, "  ")).json()).code).toBe("invalid_scope");
    const asAlice = await previewOf(aliceId, "openid", aliceCookie);
    expect(asAlice.status).toBe(403);
    expect((await preview.GET(req(`/api/oidc/clients/test-client/preview/${aliceId}`), ctx({ id: "test-client", userId: aliceId }))).status).toBe(401);
  });

  it("warns when a real sign-in of the user would be refused", async () => {
    await db().user.update({ where: { id: aliceId }, data: { disabled: true } });
    await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: true } });
    const p = await (await previewOf(aliceId, "openid")).json();
    expect(p.warnings).toHaveLength(2);
  });
});
