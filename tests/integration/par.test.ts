// Pushed authorization requests (RFC 9126, inventory §2.15): pushed by an authenticated client,
// validated at push time (JSON errors), used once, for its client only, within 90 s; clients that
// require PAR cannot start a direct request.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { CB, CHALLENGE, authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as parPost } from "@/app/api/oidc/par/route";
import { db } from "@/lib/db/client";

const PUSHED = { response_type: "code", redirect_uri: CB, scope: "openid", state: "pushed-state-1", code_challenge: CHALLENGE, code_challenge_method: "S256" };

describe.each(PROVIDERS)("PAR on %s", (provider) => {
  let t: TestDb;
  let cookie: string;
  let secret: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    cookie = await sessionCookieFor((await seedUser("alice")).id);
    secret = (await seedClient({ skipConsent: true })).secret!;
    await seedClient({ id: "other-client", skipConsent: true });
  });
  afterEach(async () => t.cleanup());

  const push = (form: Record<string, string>, auth: string | null = basic("test-client", secret)) =>
    parPost(req("/api/oidc/par", { form, headers: auth ? { authorization: auth } : {} }));
  const useUri = (uri: string, clientId = "test-client") =>
    authorizeGet(req(`/authorize?${new URLSearchParams({ client_id: clientId, request_uri: uri })}`, { cookie }));

  it("answers 201 with a request_uri that /authorize uses once, carrying the pushed state", async () => {
    const res = await push(PUSHED);
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.json();
    expect(body.expires_in).toBe(90);
    expect(body.request_uri).toMatch(/^urn:ietf:params:oauth:request_uri:[A-Za-z0-9_-]{43}$/);
    const loc = await location(await useUri(body.request_uri));
    expect(loc.origin + loc.pathname).toBe(CB);
    expect(loc.searchParams.get("state")).toBe("pushed-state-1");
    expect(loc.searchParams.get("code")).toBeTruthy();
    // Single use.
    const again = await location(await useUri(body.request_uri));
    expect(again.origin + again.pathname).toBe(`${TEST_APP_URL}/interaction/error`);
  });

  it("binds the request_uri to its client and lets it expire", async () => {
    const { request_uri: a } = await (await push(PUSHED)).json();
    expect((await location(await useUri(a, "other-client"))).pathname).toBe("/interaction/error");
    // Burnt by the wrong client's attempt too: a request_uri is never tried twice.
    expect((await location(await useUri(a))).pathname).toBe("/interaction/error");
    const { request_uri: b } = await (await push(PUSHED)).json();
    await db().oauthPushedRequest.updateMany({ data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await location(await useUri(b))).pathname).toBe("/interaction/error");
  });

  it("validates at push time with JSON errors: client authentication, redirect URI, parameters", async () => {
    expect((await push(PUSHED, null)).status).toBe(401);
    expect((await push(PUSHED, basic("test-client", "wrong-secret-wrong-secret"))).status).toBe(401);
    const badUri = await push({ ...PUSHED, redirect_uri: "https://evil.example/cb" });
    expect(badUri.status).toBe(400);
    expect((await badUri.json()).error).toBe("invalid_request");
    const noState = await push({ ...PUSHED, state: "" });
    expect((await noState.json()).error).toBe("invalid_state");
    const nested = await push({ ...PUSHED, request_uri: "urn:ietf:params:oauth:request_uri:x" });
    expect((await nested.json()).error).toBe("invalid_request");
    expect(await db().oauthPushedRequest.count()).toBe(0);
  });

  it("makes PAR mandatory for clients that require it", async () => {
    await db().oidcClient.update({ where: { id: "test-client" }, data: { requiresPushedAuthorizationRequests: true } });
    const direct = await location(await authorizeGet(req(authorizeUrl(), { cookie })));
    expect(direct.origin + direct.pathname).toBe(CB);
    expect(direct.searchParams.get("error")).toBe("invalid_request");
    expect(direct.searchParams.get("iss")).toBe(TEST_APP_URL);
    const { request_uri } = await (await push(PUSHED)).json();
    expect((await location(await useUri(request_uri))).searchParams.get("code")).toBeTruthy();
  });
});
