// RP-initiated logout (inventory §2.13): only a hint we issued, for an authorized client, with a
// registered post-logout URI, redirects back; everything else ends on /logout. Never an open redirect.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as endSessionGet, POST as endSessionPost } from "@/app/api/oidc/end-session/route";
import { issueIdToken } from "@/lib/oidc/tokens";
import { signingKey } from "@/lib/keys";
import { db } from "@/lib/db/client";

const LOGOUT = "https://app.example.com/logged-out";

describe.each(PROVIDERS)("end-session on %s", (provider) => {
  let t: TestDb;
  let userId: string;
  let cookie: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    userId = (await seedUser("alice")).id;
    cookie = await sessionCookieFor(userId);
    await seedClient({ logoutCallbacks: [LOGOUT] });
    await db().userAuthorizedClient.create({ data: { userId, clientId: "test-client", scope: '["openid"]' } });
  });
  afterEach(async () => t.cleanup());

  async function hint(opts: { sub?: string; aud?: string; now?: Date } = {}) {
    const { token } = await issueIdToken(await signingKey(), {
      issuer: TEST_APP_URL, clientId: opts.aud ?? "test-client", claims: { sub: opts.sub ?? userId }, authTime: new Date(), amr: ["phr"], now: opts.now ?? new Date(),
    });
    return token;
  }
  const loc = (r: Response) => r.headers.get("location");

  it("ends the session and returns to the registered URI with state, also for an expired hint", async () => {
    const old = await hint({ now: new Date(Date.now() - 24 * 3600_000) });
    const q = new URLSearchParams({ id_token_hint: old, post_logout_redirect_uri: LOGOUT, state: "st-123" });
    const res = await endSessionGet(req(`/api/oidc/end-session?${q}`, { cookie }));
    expect(res.status).toBe(302);
    expect(loc(res)).toBe(`${LOGOUT}?state=st-123`);
    expect(await db().session.count()).toBe(0);
    expect(res.headers.get("set-cookie")).toMatch(/access_token=;/);
  });

  it("without post_logout_redirect_uri signs out and shows our page, never the registered URI (conformance: no-post-logout-redirect-uri), also by POST", async () => {
    const res = await endSessionPost(req("/api/oidc/end-session", { form: { id_token_hint: await hint(), state: "st-123" }, cookie }));
    expect(res.status).toBe(303);
    expect(loc(res)).toBe(`${TEST_APP_URL}/logout`);
    expect(await db().session.count()).toBe(0);
    expect(res.headers.get("set-cookie")).toMatch(/access_token=;/);
  });

  it("never redirects to an unregistered URI, a forged hint or another user's hint", async () => {
    const cases = [
      new URLSearchParams({ id_token_hint: await hint(), post_logout_redirect_uri: "https://evil.example/" }),
      new URLSearchParams({ id_token_hint: (await hint()).slice(0, -4) + "AAAA", post_logout_redirect_uri: LOGOUT }),
      new URLSearchParams({ id_token_hint: await hint({ sub: "someone-else" }), post_logout_redirect_uri: LOGOUT }),
      new URLSearchParams({ id_token_hint: await hint(), client_id: "other", post_logout_redirect_uri: LOGOUT }),
      new URLSearchParams({ post_logout_redirect_uri: LOGOUT }),
    ];
    for (const q of cases) {
      const res = await endSessionGet(req(`/api/oidc/end-session?${q}`, { cookie }));
      expect(loc(res)).toBe(`${TEST_APP_URL}/logout`);
    }
    // None of them ended the session: the user confirms on /logout.
    expect(await db().session.count()).toBe(1);
  });
});
