// RFC 8707 resource indicators with OAuth APIs (issue 6 item 8; inventory §2.16): a relying party
// using openid-client obtains access tokens meant for an API, by authorization code (with refresh)
// and by client credentials, and checks their audience and scope; the refusals a client sees
// for an API it may not use.
import { beforeAll, describe, expect, it } from "vitest";
import {
  Browser, ISSUER, adminBrowser, authorizeToCallback, basicAuth, discover, exchange, expectOAuthError, jwtPayload, oidc, registerClient,
  startFlow, tokenRequest, type RegisteredClient,
} from "./helpers/op";

const API = `https://inventory-${process.pid}.example.com`;
let admin: Browser;
let client: RegisteredClient;
let config: oidc.Configuration;
let user: Browser;

beforeAll(async () => {
  admin = await adminBrowser();
  client = await registerClient(admin);
  config = await discover(client);
  user = new Browser();
  await user.signIn();
  // The admin registers the API, its permissions, and what the client may do with it (REST API).
  const created = await admin.request("/api/apis", { json: { name: "Inventory", resource: API } });
  expect(created.status).toBe(201);
  const api = await created.json();
  const withPerms = await (await admin.request(`/api/apis/${api.id}/permissions`, {
    method: "PUT",
    json: { permissions: [{ key: "inventory:read", name: "Read the inventory" }, { key: "inventory:sync", name: "Synchronise the inventory" }] },
  })).json();
  const id = (key: string) => withPerms.permissions.find((p: { key: string }) => p.key === key).id;
  const grant = await admin.request(`/api/apis/${api.id}/clients/${encodeURIComponent(client.id)}`, {
    method: "PUT",
    json: { userDelegatedAccess: true, clientAccess: true, userDelegatedPermissionIds: [id("inventory:read")], clientPermissionIds: [id("inventory:sync")] },
  });
  expect(grant.status).toBe(200);
});

describe("RFC 8707 resource indicators", () => {
  it("authorization code with resource: the access token is for the API with the permission, userinfo still answers, refresh keeps both", async () => {
    const flow = await startFlow(config, client, { scope: "openid profile inventory:read", resource: API });
    const callback = await authorizeToCallback(user, flow.url);
    const tokens = await exchange(config, callback, flow);
    expect(tokens.scope).toBe("openid profile inventory:read");
    const at = jwtPayload(tokens.access_token);
    expect(at.aud).toEqual([API, ISSUER()]);
    expect(at.scope).toBe("openid profile inventory:read");
    // The ID token stays the client's.
    expect(tokens.claims()?.aud).toEqual([client.id]);
    const info = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    expect(info.sub).toBe(tokens.claims()!.sub);

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, { resource: API });
    expect(jwtPayload(refreshed.access_token)).toMatchObject({ aud: [API, ISSUER()], scope: "openid profile inventory:read" });
    const introspected = await oidc.tokenIntrospection(config, refreshed.access_token);
    expect(introspected).toMatchObject({ active: true, aud: [API, ISSUER()], scope: "openid profile inventory:read" });
  });

  it("client credentials with resource: the API audience and the client permissions, no identity", async () => {
    const tokens = await oidc.clientCredentialsGrant(config, { resource: API });
    expect(tokens.scope).toBe("inventory:sync");
    const at = jwtPayload(tokens.access_token);
    expect(at).toMatchObject({ aud: [API], scope: "inventory:sync", sub: `client-${client.id}` });
    expect(tokens).not.toHaveProperty("refresh_token");
    expect(tokens).not.toHaveProperty("id_token");
  });

  it("refuses an API the client may not use (invalid_target) and a permission of the other subject type (invalid_scope)", async () => {
    const auth = { authorization: basicAuth(client.id, client.secret!) };
    await expectOAuthError(await tokenRequest({ grant_type: "client_credentials", resource: "https://unknown.example.com" }, auth), 400, "invalid_target");
    await expectOAuthError(await tokenRequest({ grant_type: "client_credentials", resource: API, scope: "inventory:read" }, auth), 400, "invalid_scope");
    const flow = await startFlow(config, client, { scope: "openid inventory:sync", resource: API });
    const callback = await authorizeToCallback(user, flow.url);
    expect(callback.searchParams.get("error")).toBe("invalid_scope");
    expect(callback.searchParams.get("state")).toBe(flow.state);
    const unknown = await authorizeToCallback(user, (await startFlow(config, client, { resource: "https://unknown.example.com" })).url);
    expect(unknown.searchParams.get("error")).toBe("invalid_target");
  });
});
