// The seed guides as tests (../shared/seeds): NetBird's group-restricted confidential client without
// PKCE with a `groups` claim, and LXD's public PKCE client whose group custom claim is a JSON array.
// Everything is set up through the REST API with an API key, then openid-client runs the flow
// against the route handlers (its fetch is routed to them) with a signed-in browser standing in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as oidc from "openid-client";
import { NextRequest } from "next/server";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { db } from "@/lib/db/client";
import { ctx, req } from "../helpers/http";
import { seedApiKey, seedUser, sessionCookieFor } from "../helpers/seed";
import * as users from "@/app/api/users/route";
import * as groups from "@/app/api/user-groups/route";
import * as groupUsers from "@/app/api/user-groups/[id]/users/route";
import * as groupClients from "@/app/api/user-groups/[id]/allowed-oidc-clients/route";
import * as groupClaims from "@/app/api/custom-claims/user-group/[userGroupId]/route";
import * as clients from "@/app/api/oidc/clients/route";
import * as client from "@/app/api/oidc/clients/[id]/route";
import * as secrets from "@/app/api/oidc/clients/[id]/secrets/route";
import * as allowedGroups from "@/app/api/oidc/clients/[id]/allowed-user-groups/route";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as completeInteraction } from "@/app/api/oidc/interactions/[id]/complete/route";
import { POST as token } from "@/app/api/oidc/token/route";
import { GET as userinfo, POST as userinfoPost } from "@/app/api/oidc/userinfo/route";
import { GET as jwks } from "@/app/.well-known/jwks.json/route";
import { GET as discovery } from "@/app/.well-known/openid-configuration/route";

type Handler = (r: NextRequest, c?: unknown) => Promise<Response>;
const ROUTES: Record<string, Partial<Record<string, Handler>>> = {
  "/.well-known/openid-configuration": { GET: discovery as Handler },
  "/.well-known/jwks.json": { GET: jwks as Handler },
  "/api/oidc/token": { POST: token as Handler },
  "/api/oidc/userinfo": { GET: userinfo as Handler, POST: userinfoPost as Handler },
};

/** openid-client's HTTP calls, answered by the route handlers. */
const routedFetch: oidc.CustomFetch = async (url, options) => {
  const u = new URL(url);
  const handler = ROUTES[u.pathname]?.[options.method ?? "GET"];
  if (!handler || u.origin !== TEST_APP_URL) throw new Error(`no route for ${options.method} ${url}`);
  const headers = new Headers(options.headers as HeadersInit);
  headers.set("x-pocketid-client-ip", "203.0.113.9");
  return handler(new NextRequest(u, { method: options.method, headers, body: options.body as BodyInit | undefined }), undefined);
};

/** The browser of a signed-in user: follows /authorize through consent to the app's callback. */
async function browse(url: URL, cookie: string, callback: string): Promise<URL> {
  let next = url;
  for (let i = 0; i < 5; i++) {
    const res = next.pathname === "/authorize" ? await authorizeGet(req(next.pathname + next.search, { cookie })) : null;
    if (!res) throw new Error(`the browser got stuck at ${next}`);
    const loc = new URL(res.headers.get("location")!, TEST_APP_URL);
    if (loc.href.startsWith(callback)) return loc;
    if (loc.pathname === "/interaction" && loc.searchParams.get("interaction")) {
      const id = loc.searchParams.get("interaction")!;
      const done = await completeInteraction(req(`/api/oidc/interactions/${id}/complete`, { json: { step: "consent" }, cookie, headers: { origin: TEST_APP_URL } }), ctx({ id }));
      // Nothing to consent to (the "No access" page, issue 6): the browser stays on the page.
      if (!done.ok) return loc;
      next = new URL((await done.json()).redirectUrl, TEST_APP_URL);
      continue;
    }
    return loc;
  }
  throw new Error("too many redirects");
}

describe.each(PROVIDERS)("seed guides through the REST API and openid-client on %s", (provider) => {
  let t: TestDb;
  let h: Record<string, string>;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    const admin = await seedUser("root", { isAdmin: true });
    h = { "x-api-key": (await seedApiKey(admin.id)).token };
  });
  afterEach(async () => t.cleanup());

  async function api(handler: Handler, path: string, body: unknown, params?: Record<string, string>, method = "POST") {
    const res = await handler(req(path, { method, json: body, headers: h }), params ? ctx(params) : undefined);
    expect(res.status, `${method} ${path}: ${res.status}`).toBeLessThan(300);
    return res.json();
  }
  const newUser = async (username: string) => {
    const u = await api(users.POST as Handler, "/api/users", { username, email: `${username}@example.com`, firstName: username });
    return { id: u.id as string, cookie: await sessionCookieFor(u.id) };
  };

  it("NetBird: a confidential client without PKCE restricted to a group gets the groups claim; others are refused", async () => {
    const callback = "https://netbird.example.com/oauth2/callback";
    await api(clients.POST as Handler, "/api/oidc/clients", { id: "netbird", name: "NetBird", isPublic: false, pkceEnabled: false, callbackURLs: ["http://localhost:53000"] });
    const { secret } = await api(secrets.POST as Handler, "/api/oidc/clients/netbird/secrets", {}, { id: "netbird" });
    // Step 3: the redirect URL NetBird shows is added afterwards.
    await api(client.PUT as Handler, "/api/oidc/clients/netbird", { name: "NetBird", callbackURLs: ["http://localhost:53000", callback] }, { id: "netbird" }, "PUT");
    const group = await api(groups.POST as Handler, "/api/user-groups", { friendlyName: "NetBird", name: "NetBird" });
    const alice = await newUser("alice");
    const mallory = await newUser("mallory");
    await api(groupUsers.PUT as Handler, `/api/user-groups/${group.id}/users`, { userIds: [alice.id] }, { id: group.id }, "PUT");
    await api(client.PUT as Handler, "/api/oidc/clients/netbird", { name: "NetBird", callbackURLs: ["http://localhost:53000", callback], isGroupRestricted: true }, { id: "netbird" }, "PUT");
    await api(allowedGroups.PUT as Handler, "/api/oidc/clients/netbird/allowed-user-groups", { userGroupIds: [group.id] }, { id: "netbird" }, "PUT");

    const config = await oidc.discovery(new URL(TEST_APP_URL), "netbird", secret, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: routedFetch });
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope: "openid profile email groups", state, nonce });
    const back = await browse(url, alice.cookie, callback);
    const tokens = await oidc.authorizationCodeGrant(config, back, { expectedState: state, expectedNonce: nonce });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: alice.id, preferred_username: "alice", email: "alice@example.com", groups: ["NetBird"] });
    expect([claims.aud].flat()).toEqual(["netbird"]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, alice.id);
    expect(info.groups).toEqual(["NetBird"]);

    // A user outside the group is refused inside the provider: no code ever reaches NetBird.
    const refused = await browse(oidc.buildAuthorizationUrl(config, { redirect_uri: callback, scope: "openid groups", state: oidc.randomState() }), mallory.cookie, callback);
    expect(refused.href.startsWith(callback)).toBe(false);
    // The interaction page shows "No access" and offers another account (issue 6).
    expect(refused.pathname).toBe("/interaction");
    expect(await db().oauthAuthorizationCode.count({ where: { userId: mallory.id } })).toBe(0);
  });

  it("LXD: a public PKCE client gets a group custom claim as a JSON array in the ID token", async () => {
    const callback = "https://lxd.example.com:8443/oidc/callback";
    await api(clients.POST as Handler, "/api/oidc/clients", { id: "lxd-client", name: "lxd-client", isPublic: true, pkceEnabled: true, callbackURLs: [callback] });
    const bob = await newUser("bob");
    const group = await api(groups.POST as Handler, "/api/user-groups", { friendlyName: "LXD admins", name: "lxd-admins" });
    await api(groupUsers.PUT as Handler, `/api/user-groups/${group.id}/users`, { userIds: [bob.id] }, { id: group.id }, "PUT");
    await api(groupClients.PUT as Handler, `/api/user-groups/${group.id}/allowed-oidc-clients`, { oidcClientIds: ["lxd-client"] }, { id: group.id }, "PUT");
    await api(groupClaims.PUT as Handler, `/api/custom-claims/user-group/${group.id}`, [{ key: "lxd-role-claim", value: '["pocketID-admin", "viewers"]' }], { userGroupId: group.id }, "PUT");

    const config = await oidc.discovery(new URL(TEST_APP_URL), "lxd-client", undefined, oidc.None(), { execute: [oidc.allowInsecureRequests], [oidc.customFetch]: routedFetch });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: callback, scope: "openid profile", state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: "S256",
    });
    const back = await browse(url, bob.cookie, callback);
    const tokens = await oidc.authorizationCodeGrant(config, back, { pkceCodeVerifier: verifier, expectedState: state });
    expect(tokens.claims()!["lxd-role-claim"]).toEqual(["pocketID-admin", "viewers"]);
  });
});
