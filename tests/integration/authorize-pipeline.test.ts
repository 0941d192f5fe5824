// The authorization endpoint of issue 6 item 1, through the real route handlers on SQLite and
// PostgreSQL: response modes (form_post page and its CSP, fragment), `iss` on every response,
// wildcard redirect URIs, the interaction steps (select_account switching, group restriction shown
// inside the provider, consent memory as a union, Cancel), request objects and resource indicators.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { ctx, req } from "../helpers/http";
import { CB, authorizeUrl, location } from "../helpers/oidc";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet, POST as authorizePost } from "@/app/authorize/route";
import { POST as completeRoute } from "@/app/api/oidc/interactions/[id]/complete/route";
import { db } from "@/lib/db/client";
import { sha256Hex } from "@/lib/crypto/hash";
import { loadSession } from "@/lib/auth/session";
import { describeInteraction } from "@/lib/services/interactions";

const unsigned = (payload: Record<string, unknown>) =>
  `${Buffer.from(JSON.stringify({ alg: "none" })).toString("base64url")}.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.`;

describe.each(PROVIDERS)("authorization endpoint on %s", (provider) => {
  let t: TestDb;
  let alice: { id: string };
  let cookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    alice = await seedUser("alice");
    cookie = await sessionCookieFor(alice.id);
    await seedClient({ skipConsent: true });
  });
  afterEach(async () => t.cleanup());

  const get = (params: Record<string, string>, c: string | undefined = cookie, scope?: string) => authorizeGet(req(authorizeUrl(params, scope), { cookie: c }));
  const complete = (id: string, step: string, c = cookie) =>
    completeRoute(req(`/api/oidc/interactions/${id}/complete`, { json: { step }, cookie: c, headers: { origin: TEST_APP_URL } }), ctx({ id }));
  const resume = (id: string, c = cookie) => authorizeGet(req(`/authorize?interaction=${id}`, { cookie: c }));
  const codeOwner = async (code: string) => (await db().oauthAuthorizationCode.findUnique({ where: { codeHash: sha256Hex(code) } }))?.userId;

  describe("response modes and iss (RFC 9207)", () => {
    it("answers form_post with a self-submitting page the CSP allows, that works without JavaScript", async () => {
      const res = await get({ response_mode: "form_post" });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toMatch(/^text\/html/);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const csp = res.headers.get("content-security-policy")!;
      expect(csp).toContain(`form-action ${CB}`);
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain("unsafe-inline");
      const html = await res.text();
      expect(html).toContain(`<form id="f" method="post" action="${CB}">`);
      expect(html).toMatch(/name="code" value="[A-Za-z0-9_-]{43}"/);
      expect(html).toContain('name="state" value="state-12345"');
      expect(html).toContain(`name="iss" value="${TEST_APP_URL}"`);
      // Without JavaScript the user presses this button.
      expect(html).toContain('<button type="submit"');
      // Nothing of the response leaks into the URL the browser is shown.
      expect(res.headers.get("location")).toBeNull();
    });

    it("sends errors in form_post too, escaped, with iss", async () => {
      const res = await get({ response_mode: "form_post", prompt: "none", state: 'st"><script>x</script>' }, "");
      const html = await res.text();
      expect(html).toContain('name="error" value="login_required"');
      expect(html).toContain('value="st&quot;&gt;&lt;script&gt;x&lt;/script&gt;"');
      expect(html).toContain(`name="iss" value="${TEST_APP_URL}"`);
    });

    it("puts the response in the fragment for response_mode=fragment", async () => {
      const loc = await location(await get({ response_mode: "fragment" }));
      expect(loc.search).toBe("");
      const frag = new URLSearchParams(loc.hash.slice(1));
      expect(frag.get("code")).toBeTruthy();
      expect(frag.get("state")).toBe("state-12345");
      expect(frag.get("iss")).toBe(TEST_APP_URL);
    });

    it("adds iss to error redirects, and refuses an unknown response_mode by query", async () => {
      const loc = await location(await get({ response_mode: "web_message" }));
      expect(loc.searchParams.get("error")).toBe("invalid_request");
      expect(loc.searchParams.get("iss")).toBe(TEST_APP_URL);
      expect(loc.searchParams.get("state")).toBe("state-12345");
    });

    it("accepts the request as a POSTed form and answers 303", async () => {
      const q = new URL(authorizeUrl(), TEST_APP_URL).searchParams;
      const res = await authorizePost(req("/authorize", { form: Object.fromEntries(q), cookie }));
      expect(res.status).toBe(303);
      expect(new URL(res.headers.get("location")!).searchParams.get("code")).toBeTruthy();
    });
  });

  describe("wildcard redirect URIs (inventory §2.6)", () => {
    beforeEach(async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { callbackUrls: JSON.stringify(["https://*.example.com/**/cb", "http://127.0.0.1/cb"]) } });
    });
    it("redirects to a URI that matches a registered pattern, and to any loopback port", async () => {
      for (const uri of ["https://tenant1.example.com/a/b/cb", "http://127.0.0.1:53123/cb"]) {
        const loc = await location(await get({ redirect_uri: uri }));
        expect(loc.origin + loc.pathname).toBe(uri);
        expect(loc.searchParams.get("code")).toBeTruthy();
      }
    });
    it("never redirects to a URI outside the patterns, even with a wildcard-looking host", async () => {
      for (const uri of ["https://evil.com/cb", "https://a.example.com.evil.com/x/cb", "https://a.example.com@evil.com/x/cb", "https://tenant1.example.com/a/cb/"]) {
        const loc = await location(await get({ redirect_uri: uri }));
        expect(loc.origin).toBe(TEST_APP_URL);
        expect(loc.pathname).toBe("/interaction/error");
        expect(loc.searchParams.get("error")).toBe("invalid_redirect_uri");
      }
    });
  });

  describe("prompt=select_account (inventory §2.3)", () => {
    it("asks which account, continues as the signed-in one when confirmed", async () => {
      const loc = await location(await get({ prompt: "select_account" }));
      expect(loc.pathname).toBe("/interaction");
      const id = loc.searchParams.get("interaction")!;
      const shown = await describeInteraction(id, await loadSession(cookie.split("=")[1]));
      expect(shown).toMatchObject({ currentStep: "select_account", signedInAs: { username: "alice" } });
      // The step sent must be the current one.
      expect((await complete(id, "consent")).status).toBe(409);
      const done = await complete(id, "select_account");
      expect(await done.json()).toEqual({ redirectUrl: `/authorize?interaction=${id}` });
      const back = await location(await resume(id));
      expect(await codeOwner(back.searchParams.get("code")!)).toBe(alice.id);
    });

    it("lets the user switch: signing in as someone else during the request issues the code to that account", async () => {
      const loc = await location(await get({ prompt: "select_account" }));
      const id = loc.searchParams.get("interaction")!;
      const bob = await seedUser("bob");
      const bobCookie = await sessionCookieFor(bob.id);
      const back = await location(await resume(id, bobCookie));
      expect(await codeOwner(back.searchParams.get("code")!)).toBe(bob.id);
    });

    it("answers account_selection_required to prompt=none with select_account… and refuses the combination", async () => {
      const loc = await location(await get({ prompt: "none select_account" }));
      expect(loc.searchParams.get("error")).toBe("invalid_request");
    });
  });

  describe("group restriction (inventory §2.2, parity item 2)", () => {
    it("shows the denial inside the provider and never sends the user to the client, also with no group at all", async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: true } });
      const loc = await location(await get({}));
      expect(loc.origin).toBe(TEST_APP_URL);
      expect(loc.pathname).toBe("/interaction");
      const shown = await describeInteraction(loc.searchParams.get("interaction")!, await loadSession(cookie.split("=")[1]));
      expect(shown).toMatchObject({ denied: true, client: { name: "Test Client" } });
      // Resuming does not get around it.
      const again = await location(await resume(loc.searchParams.get("interaction")!));
      expect(again.origin).toBe(TEST_APP_URL);
      expect(await db().oauthAuthorizationCode.count()).toBe(0);
    });

    it("lets members of an allowed group in", async () => {
      const group = await db().userGroup.create({ data: { name: "staff", friendlyName: "Staff" } });
      await db().userGroupMember.create({ data: { userId: alice.id, userGroupId: group.id } });
      await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: true, allowedGroups: { create: { userGroupId: group.id } } } });
      const loc = await location(await get({}));
      expect(loc.searchParams.get("code")).toBeTruthy();
    });

    it("answers prompt=none for a non-member with the provider's error page, not the client", async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { isGroupRestricted: true } });
      const loc = await location(await get({ prompt: "none" }));
      expect(loc.origin).toBe(TEST_APP_URL);
      expect(loc.searchParams.get("error")).toBe("access_denied");
    });
  });

  describe("consent (inventory §2.4)", () => {
    beforeEach(async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { skipConsent: false } });
    });
    async function consentTo(scope: string) {
      const loc = await location(await get({}, cookie, scope));
      expect(loc.pathname).toBe("/interaction");
      const id = loc.searchParams.get("interaction")!;
      expect((await complete(id, "consent")).status).toBe(200);
      return location(await resume(id));
    }
    it("remembers consent per user and client as the union of scopes", async () => {
      await consentTo("openid email");
      await consentTo("openid profile");
      const row = await db().userAuthorizedClient.findUnique({ where: { userId_clientId: { userId: alice.id, clientId: "test-client" } } });
      expect(JSON.parse(row!.scope).sort()).toEqual(["email", "openid", "profile"]);
      // Anything within the union needs no new consent.
      const loc = await location(await get({}, cookie, "openid email profile"));
      expect(loc.searchParams.get("code")).toBeTruthy();
    });
    it("skipConsent issues the code at once and still records the consent; prompt=consent still asks", async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { skipConsent: true } });
      expect((await location(await get({}))).searchParams.get("code")).toBeTruthy();
      expect(await db().userAuthorizedClient.count()).toBe(1);
      expect((await location(await get({ prompt: "consent" }))).pathname).toBe("/interaction");
    });
    it("Cancel answers access_denied with state and iss at the client", async () => {
      const loc = await location(await get({}));
      const id = loc.searchParams.get("interaction")!;
      await complete(id, "deny");
      const back = await location(await resume(id));
      expect(back.origin + back.pathname).toBe(CB);
      expect(Object.fromEntries(back.searchParams)).toMatchObject({ error: "access_denied", state: "state-12345", iss: TEST_APP_URL });
      // Once.
      expect((await location(await resume(id))).pathname).toBe("/interaction/error");
    });
  });

  describe("request objects (OIDC Core §6) and request_uri", () => {
    it("uses an unsigned request object, whose redirect_uri and state win over the query", async () => {
      await db().oidcClient.update({ where: { id: "test-client" }, data: { callbackUrls: JSON.stringify([CB, "https://app.example.com/other"]) } });
      const request = unsigned({ client_id: "test-client", redirect_uri: "https://app.example.com/other", state: "from-object-1", scope: "openid" });
      const loc = await location(await get({ request }));
      expect(loc.origin + loc.pathname).toBe("https://app.example.com/other");
      expect(loc.searchParams.get("state")).toBe("from-object-1");
      expect(loc.searchParams.get("code")).toBeTruthy();
    });
    it("refuses a signed request object it cannot verify with invalid_request_object at the verified URI", async () => {
      const header = Buffer.from(JSON.stringify({ alg: "RS256" })).toString("base64url");
      const body = Buffer.from(JSON.stringify({ redirect_uri: "https://evil.example/cb" })).toString("base64url");
      const loc = await location(await get({ request: `${header}.${body}.c2ln` }));
      expect(loc.origin + loc.pathname).toBe(CB);
      expect(loc.searchParams.get("error")).toBe("invalid_request_object");
    });
    it("refuses a request object naming another client, and garbage, without a 500", async () => {
      for (const request of [unsigned({ client_id: "other-client" }), "not-a-jwt", "a.b.c", unsigned([] as unknown as Record<string, unknown>)]) {
        const loc = await location(await get({ request }));
        expect(loc.origin + loc.pathname).toBe(CB);
        expect(loc.searchParams.get("error")).toBe("invalid_request_object");
      }
    });
    it("answers request_uri_not_supported for a request_uri that is not from PAR", async () => {
      const loc = await location(await get({ request_uri: "https://rp.example/req.jwt" }));
      expect(loc.searchParams.get("error")).toBe("request_uri_not_supported");
      expect(loc.searchParams.get("iss")).toBe(TEST_APP_URL);
    });
    it("shows the error page for an unknown PAR request_uri (nowhere verified to redirect to)", async () => {
      const loc = await location(await authorizeGet(req("/authorize?client_id=test-client&request_uri=urn:ietf:params:oauth:request_uri:nope", { cookie })));
      expect(loc.origin).toBe(TEST_APP_URL);
      expect(loc.pathname).toBe("/interaction/error");
    });
  });

  describe("resource indicators (RFC 8707)", () => {
    it("refuses a resource no API stands behind with invalid_target, and a malformed one likewise", async () => {
      for (const resource of ["https://api.example.com", "not a uri", "https://api.example.com/#frag"]) {
        const loc = await location(await get({ resource }));
        expect(loc.searchParams.get("error")).toBe("invalid_target");
        expect(loc.searchParams.get("iss")).toBe(TEST_APP_URL);
      }
    });
  });
});
