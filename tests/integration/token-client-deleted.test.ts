// A client deleted by an admin while its token request runs (after client authentication, before
// the token is stored) answers invalid_client (RFC 6749 §5.2, 401), not a 500: client_credentials
// stores its access token outside any transaction, and the insert then fails on the foreign key.
// The deletion is placed deterministically in that window through the store seam.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { basic, seedClient } from "../helpers/seed";
import { tokenEndpoint } from "@/lib/oidc/token";
import type { OidcStore } from "@/lib/oidc/store";
import { oidcContext, refreshTokenSecret } from "@/lib/http/oidc-context";
import { oauthErrorResponse } from "@/lib/http/oauth-response";
import { signingKey } from "@/lib/keys";
import { db } from "@/lib/db/client";

describe.each(PROVIDERS)("token request of a client deleted while it runs, on %s", (provider) => {
  let t: TestDb;
  let secret: string;

  beforeEach(async () => {
    t = await freshDatabase(provider);
    secret = (await seedClient()).secret!;
  });
  afterEach(async () => t.cleanup());

  /** Runs the token endpoint with `store`, answering as the route does. */
  async function tokenWith(store: (base: OidcStore) => OidcStore, form: Record<string, string>, authorization: string | null) {
    const request = req("/api/oidc/token", { form });
    const ctx = oidcContext(request);
    try {
      const result = await tokenEndpoint(new URLSearchParams(form), authorization, { ...ctx, store: store(ctx.store), key: await signingKey(), refreshSecret: refreshTokenSecret() });
      return new Response(JSON.stringify(result), { status: 200 });
    } catch (e) {
      return oauthErrorResponse(e, "token");
    }
  }

  /** The store, deleting the client (as the admin API does, with its cascades) right after authenticating it. */
  const deletingAfterAuthentication = (base: OidcStore): OidcStore => ({
    ...base,
    async findClientWithSecrets(id, now) {
      const found = await base.findClientWithSecrets(id, now);
      await db().oidcClient.delete({ where: { id } });
      return found;
    },
  });

  it("client_credentials with Basic: 401 invalid_client with WWW-Authenticate, and no token stored", async () => {
    const res = await tokenWith(deletingAfterAuthentication, { grant_type: "client_credentials" }, basic("test-client", secret));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
    expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
    expect(await db().oidcClient.count()).toBe(0);
    expect(await db().oauthAccessToken.count()).toBe(0);
  });

  it("client_credentials with the secret in the form: 401 invalid_client without WWW-Authenticate", async () => {
    const res = await tokenWith(deletingAfterAuthentication, { grant_type: "client_credentials", client_id: "test-client", client_secret: secret }, null);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
    expect(res.headers.get("www-authenticate")).toBeNull();
  });

  it("still answers server_error for a store failure while the client exists (nothing is passed off as invalid_client)", async () => {
    const failing = (base: OidcStore): OidcStore => ({
      ...base,
      recordAccessToken: () => Promise.reject(new Error("disk full")),
    });
    const res = await tokenWith(failing, { grant_type: "client_credentials" }, basic("test-client", secret));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: "server_error" });
  });

  it("issues the token as before when nothing is deleted", async () => {
    const res = await tokenWith((base) => base, { grant_type: "client_credentials" }, basic("test-client", secret));
    expect(res.status).toBe(200);
    expect(await db().oauthAccessToken.count()).toBe(1);
  });
});
