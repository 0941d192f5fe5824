// The 429 experience (issue 9 item 6): a browser rate limited on a page route (/authorize) gets a
// page that says how long to wait and offers a way on; scripts and the REST API keep the JSON body;
// both carry Retry-After.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { routeGuard, resetApiRateLimiterForTests, API_POLICY } from "@/lib/http/route-guard";

describe("rate-limited pages", () => {
  let t: TestDb;
  beforeEach(async () => {
    resetApiRateLimiterForTests();
    t = await freshDatabase("sqlite");
  });
  afterEach(async () => t.cleanup());

  const handler = routeGuard(async () => new Response("ok"));
  async function exhaust(path: string, headers: Record<string, string>) {
    // The bucket refills 100 per second while the test runs: keep asking until it is empty.
    for (let i = 0; i < API_POLICY.burst * 20; i++) {
      const res = await handler(req(path, { headers }));
      if (res.status !== 200) return res;
    }
    throw new Error("never rate limited");
  }

  it("answers a browser navigation with a 429 page: the wait in words, Retry-After, a retry link to the same address, no dead end", async () => {
    const res = await exhaust("/authorize?client_id=app&scope=openid", { "sec-fetch-mode": "navigate", accept: "text/html" });
    expect(res.status).toBe(429);
    const wait = Number(res.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    const html = await res.text();
    expect(html).toContain("Too many requests");
    expect(html).toContain(`try again in <strong id="s" data-seconds="${wait}">${wait} second`);
    expect(html).toContain('href="/authorize?client_id=app&amp;scope=openid"');
    expect(html).toContain('href="/settings"');
  });

  it("keeps the JSON error for scripts and for the REST API, with Retry-After", async () => {
    const script = await exhaust("/authorize?client_id=app", { "sec-fetch-mode": "cors", accept: "*/*" });
    expect(script.status).toBe(429);
    expect(script.headers.get("retry-after")).toBeTruthy();
    expect((await script.json()).code).toBe("rate_limited");
    resetApiRateLimiterForTests();
    const api = await exhaust("/api/users/me", { "sec-fetch-mode": "navigate", accept: "text/html" });
    expect(api.status).toBe(429);
    expect(api.headers.get("retry-after")).toBeTruthy();
    expect((await api.json()).code).toBe("rate_limited");
  });
});
