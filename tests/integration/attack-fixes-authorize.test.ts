// Findings of the outside attack on /authorize, through the real route handler on SQLite and
// PostgreSQL: parked requests are bounded per address, control characters (NUL) never reach the
// database, and a request for another account says so instead of asking to "verify again".
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { authorizeUrl, location } from "../helpers/oidc";
import { seedClient, seedUser, sessionCookieFor } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { db } from "@/lib/db/client";
import { describeInteraction } from "@/lib/services/interactions";
import { loadSession } from "@/lib/auth/session";
import { issueIdToken } from "@/lib/oidc/tokens";
import { signingKey } from "@/lib/keys";
import { resetEnvForTests } from "@/lib/config/env";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

describe.each(PROVIDERS)("/authorize after the attack review on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
    await seedClient({ skipConsent: true });
  });
  afterEach(async () => t.cleanup());

  it("bounds how many requests one address can park, answering temporarily_unavailable at the app", async () => {
    const from = (ip: string) => ({ headers: { "x-pocketid-client-ip": ip } });
    const outcomes: string[] = [];
    const started = Date.now();
    for (let i = 0; i < 160; i++) {
      const loc = await location(await authorizeGet(req(authorizeUrl({ state: `state-${String(i).padStart(4, "0")}` }), from("198.51.100.20"))));
      outcomes.push(loc.pathname === "/interaction" ? "parked" : (loc.searchParams.get("error") ?? loc.pathname));
    }
    // A burst of 120, refilled at 4 per second while the loop ran: the rest is refused.
    const refill = Math.ceil(((Date.now() - started) / 1000) * 4) + 1;
    const parked = outcomes.filter((o) => o === "parked").length;
    expect(parked).toBeGreaterThanOrEqual(120);
    expect(parked).toBeLessThanOrEqual(120 + refill);
    expect(outcomes.filter((o) => o !== "parked").every((o) => o === "temporarily_unavailable")).toBe(true);
    expect(outcomes.slice(0, 120).every((o) => o === "parked")).toBe(true);
    expect(await db().oauthInteraction.count()).toBe(parked);
    // The refusal goes to the verified redirect URI with state and iss, so the app can retry.
    let refused = await location(await authorizeGet(req(authorizeUrl({ state: "state-refused" }), from("198.51.100.20"))));
    // (A token may have refilled just now: the next request is refused again.)
    if (refused.pathname === "/interaction") refused = await location(await authorizeGet(req(authorizeUrl({ state: "state-refused" }), from("198.51.100.20"))));
    expect(refused.origin + refused.pathname).toBe("https://app.example.com/cb");
    expect(refused.searchParams.get("state")).toBe("state-refused");
    expect(refused.searchParams.get("iss")).toBe(TEST_APP_URL);
    // Another address is not affected; nor is an IPv6 neighbour outside the /64.
    expect((await location(await authorizeGet(req(authorizeUrl(), from("198.51.100.21"))))).pathname).toBe("/interaction");
  });

  it("bounds a network's addresses together (IPv4 /24, IPv6 /48), so holding many addresses does not multiply the limit", async () => {
    for (const addresses of [
      ["198.51.100.1", "198.51.100.2", "198.51.100.3"],
      ["2001:db8:5:1::1", "2001:db8:5:2::1", "2001:db8:5:3::1"],
    ]) {
      let parked = 0;
      const started = Date.now();
      for (const ip of addresses) {
        for (let i = 0; i < 110; i++) {
          const loc = await location(await authorizeGet(req(authorizeUrl({ state: `state-${ip}-${i}` }), { headers: { "x-pocketid-client-ip": ip } })));
          if (loc.pathname === "/interaction") parked++;
          else expect(loc.searchParams.get("error")).toBe("temporarily_unavailable");
        }
      }
      // 330 asked, each address within its own 120: the network's 240 (+ 8/s refill) decides.
      const refill = Math.ceil(((Date.now() - started) / 1000) * 8) + 1;
      expect(parked).toBeGreaterThanOrEqual(240);
      expect(parked).toBeLessThanOrEqual(240 + refill);
    }
    // Another network is not affected.
    expect((await location(await authorizeGet(req(authorizeUrl(), { headers: { "x-pocketid-client-ip": "203.0.113.1" } })))).pathname).toBe("/interaction");
  });

  it("keeps the limit out of the way when rate limiting is disabled", async () => {
    process.env.DISABLE_RATE_LIMITING = "true";
    resetEnvForTests();
    try {
      for (let i = 0; i < 130; i++) {
        const loc = await location(await authorizeGet(req(authorizeUrl({ state: `state-${String(i).padStart(4, "0")}` }))));
        expect(loc.pathname).toBe("/interaction");
      }
    } finally {
      process.env.DISABLE_RATE_LIMITING = "false";
      resetEnvForTests();
    }
  });

  it("refuses control characters (NUL) in any parameter without a server error", async () => {
    // client_id or redirect_uri: nothing is verified yet, so our own page says invalid_request.
    for (const params of [{ client_id: "test\u0000client" }, { redirect_uri: "https://app.example.com/cb\u0000" }] as Record<string, string>[]) {
      const loc = await location(await authorizeGet(req(authorizeUrl(params))));
      expect(loc.pathname).toBe("/interaction/error");
      expect(loc.searchParams.get("error")).toBe("invalid_request");
    }
    // Anything else goes back to the verified redirect URI as invalid_request; a bad state is not echoed.
    for (const params of [{ nonce: "nonce-1234\u0000" }, { state: "state-\u0001-1234" }, { scope: "openid\u0000" }, { login_hint: "a\u0000b" }] as Record<string, string>[]) {
      const loc = await location(await authorizeGet(req(authorizeUrl(params))));
      expect(loc.origin + loc.pathname).toBe("https://app.example.com/cb");
      expect(loc.searchParams.get("error")).toBe("invalid_request");
      expect(loc.searchParams.get("error_description")).toMatch(/control character/);
      expect(loc.searchParams.get("state") ?? "").not.toMatch(/\u0001/);
    }
    expect(await db().oauthInteraction.count()).toBe(0);
  });

  it("asks for the other account when id_token_hint names someone else, instead of asking to verify again", async () => {
    const alice = await seedUser("alice");
    const bob = await seedUser("bob");
    const cookie = await sessionCookieFor(bob.id);
    const hint = (await issueIdToken(await signingKey(), { issuer: TEST_APP_URL, clientId: "test-client", claims: { sub: alice.id }, authTime: new Date(), amr: ["phr"], now: new Date() })).token;
    const loc = await location(await authorizeGet(req(authorizeUrl({ id_token_hint: hint }), { cookie })));
    expect(loc.pathname).toBe("/interaction");
    const session = await loadSession(cookie.split("=")[1]);
    const shown = await describeInteraction(loc.searchParams.get("interaction")!, session);
    expect(shown).toMatchObject({ currentStep: "authenticate", requiredSteps: ["authenticate"], otherAccount: true, signedInAs: { username: "bob" } });
  });
});
