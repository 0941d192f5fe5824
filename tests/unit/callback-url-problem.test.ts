// The client console checks callback URLs while the admin types (issue 8 item 1): the page's
// verdict must be the server's, or a pattern is marked fine and then refused on save (or the reverse).
import { beforeAll, describe, expect, it } from "vitest";
import { fieldErrors } from "@/lib/errors";
import { resetEnvForTests } from "@/lib/config/env";
import { clientInputSchema } from "@/lib/services/oidc-clients/client-input";
import { callbackUrlProblem } from "@/lib/services/oidc-clients/callback-url-problem";

beforeAll(() => {
  Object.assign(process.env, { APP_URL: "https://id.example.com", ENCRYPTION_KEY: "unit-test-key-0123456789abcdef", ALLOW_INSECURE_CALLBACK_URLS: "false" });
  resetEnvForTests();
});

const CASES = [
  "https://app.example.com/callback",
  "https://*.example.com/cb",
  "https://app*.example.com/**/callback?code=*",
  "https://example.com:*/cb",
  "*://example.com/cb",
  "*",
  "app.immich:///oauth-callback",
  "http://localhost:3000/cb",
  "http://127.0.0.1/cb",
  "http://app.example.com/cb",
  "javascript:alert(1)",
  "data:text/html,hi",
  "https://app.example.com/cb#frag",
  "not a url",
  "https://exa mple.com/cb",
  "/relative/callback",
  "https://[::1]:8080/cb",
] as const;

/** The server's sentence for one callback URL (null when it would be saved). */
function serverVerdict(url: string): string | null {
  const r = clientInputSchema.safeParse({ name: "x", callbackURLs: [url] });
  return r.success ? null : (fieldErrors(r.error)["callbackURLs.0"] ?? "refused");
}

describe("callbackUrlProblem agrees with the server's save", () => {
  it.each(CASES)("%s", (url) => {
    expect(callbackUrlProblem(url, false)).toBe(serverVerdict(url));
  });

  it("refuses what must never be a callback, with a sentence that says what to do", () => {
    expect(callbackUrlProblem("javascript:alert(1)", false)).toMatch(/^The javascript:? scheme is not allowed: use https:\/\//);
    expect(callbackUrlProblem("https://app.example.com/cb#x", true)).toBe("Remove the #fragment: a callback URL cannot contain one");
    expect(callbackUrlProblem("not a url", true)).toMatch(/^Enter a full URL with a scheme/);
  });

  it("allows plain http to other hosts only while ALLOW_INSECURE_CALLBACK_URLS is on", () => {
    expect(callbackUrlProblem("http://app.example.com/cb", false)).toMatch(/^Start with https:\/\//);
    expect(callbackUrlProblem("http://app.example.com/cb", true)).toBeNull();
  });
});
