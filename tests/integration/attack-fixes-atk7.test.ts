// Findings of the seventh outside attack, through the real route handlers on SQLite and
// PostgreSQL: an error_description never carries characters RFC 6749 forbids there, nor a long
// text the request chose (it quoted an unknown grant_type, response_mode or prompt value as sent).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PROVIDERS, freshDatabase, type TestDb } from "../helpers/db";
import { req } from "../helpers/http";
import { authorizeUrl, location } from "../helpers/oidc";
import { basic, seedClient } from "../helpers/seed";
import { GET as authorizeGet } from "@/app/authorize/route";
import { POST as tokenPost } from "@/app/api/oidc/token/route";
import { resetApiRateLimiterForTests } from "@/lib/http/route-guard";

/** RFC 6749 §5.2 / §4.1.2.1: error_description = 1*( %x20-21 / %x23-5B / %x5D-7E ). */
const RFC_DESCRIPTION = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
const SENT = 'Your account is locked: call +1 555 0100 now. "Support" \\ é \u202e\u0007 end';

describe.each(PROVIDERS)("error_description after the seventh attack on %s", (provider) => {
  let t: TestDb;
  let secret: string;
  beforeEach(async () => {
    t = await freshDatabase(provider);
    resetApiRateLimiterForTests();
    secret = (await seedClient({ skipConsent: true })).secret!;
  });
  afterEach(async () => t.cleanup());

  it("the token endpoint names an unknown grant_type within the RFC's characters and briefly", async () => {
    const res = await tokenPost(req("/api/oidc/token", { form: { grant_type: SENT + "x".repeat(2000) }, headers: { authorization: basic("test-client", secret) } }));
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe("unsupported_grant_type");
    expect(body.error_description).toMatch(RFC_DESCRIPTION);
    expect(body.error_description).toContain("Unsupported grant_type 'Your account is locked");
    expect(body.error_description.length).toBeLessThan(100);
  });

  it("an authorization error sent back to the app quotes an unknown response_mode or prompt within the RFC's characters and briefly", async () => {
    const mode = await location(await authorizeGet(req(authorizeUrl({ response_mode: SENT + "x".repeat(1000) }))));
    expect(mode.origin + mode.pathname).toBe("https://app.example.com/cb");
    expect(mode.searchParams.get("error")).toBe("invalid_request");
    const modeDescription = mode.searchParams.get("error_description")!;
    expect(modeDescription).toMatch(RFC_DESCRIPTION);
    expect(modeDescription.length).toBeLessThan(100);

    const prompt = await location(await authorizeGet(req(authorizeUrl({ prompt: "none é\u202e" }))));
    expect(prompt.searchParams.get("error")).toBe("invalid_request");
    expect(prompt.searchParams.get("error_description")).toMatch(RFC_DESCRIPTION);
    expect(prompt.searchParams.get("state")).toBe("state-12345");
  });
});
