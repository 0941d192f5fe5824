// WebFinger (RFC 7033, OIDC Discovery §2; Pocket ID #24/#350 for Tailscale): the issuer for users of
// this instance only, JRD with CORS; nothing for strangers, disabled users or other domains.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, TEST_APP_URL, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { seedUser } from "../helpers/seed";
import { GET as webfinger, OPTIONS } from "@/app/.well-known/webfinger/route";

const REL = "http://openid.net/specs/connect/1.0/issuer";
const ask = (params: Record<string, string | string[]>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) q.append(k, one);
  return webfinger(req(`/.well-known/webfinger?${q}`));
};

describe.each(PROVIDERS)("webfinger on %s", (provider) => {
  let t: TestDb;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    await seedUser("alice");
    await seedUser("mallory", { disabled: true });
  });
  afterEach(async () => t.cleanup());

  it("answers the issuer for a user's email and for username@this-host, as JRD with CORS", async () => {
    for (const resource of ["acct:alice@example.com", "acct:alice@localhost"]) {
      const res = await ask({ resource, rel: REL });
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("application/jrd+json");
      expect(res.headers.get("access-control-allow-origin")).toBe("*");
      expect(await res.json()).toEqual({ subject: resource, links: [{ rel: REL, href: TEST_APP_URL }] });
    }
    expect((await OPTIONS(req("/.well-known/webfinger", { method: "OPTIONS" }))).status).toBe(204);
  });
  it("filters links by rel", async () => {
    expect(await (await ask({ resource: "acct:alice@example.com", rel: "http://webfinger.net/rel/avatar" })).json()).toMatchObject({ links: [] });
  });
  it("says nothing about strangers, disabled users, other domains or bad input, and never 500s", async () => {
    for (const resource of ["acct:bob@example.com", "acct:mallory@example.com", "acct:alice@evil.example", "https://example.com/alice", "acct:", "acct:@localhost", "acct:al\u0000ice@localhost"]) {
      expect((await ask({ resource })).status, resource).toBe(404);
    }
    expect((await ask({})).status).toBe(400);
    expect((await ask({ resource: ["acct:alice@example.com", "acct:alice@localhost"] })).status).toBe(400);
  });
});
