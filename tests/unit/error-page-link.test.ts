// The sign-in error page names an app and a redirect URI only for links this server signed:
// a hand-made link must not put attacker text under a real app's name.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetEnvForTests } from "@/lib/config/env";
import { resetErrorLinkKeyForTests, signErrorPagePath, verifiedErrorPageContext } from "@/lib/http/error-page-link";
import { errorPagePath } from "@/lib/oidc/authorize";

const now = new Date("2026-11-23T10:00:00Z");
const query = (path: string) => new URL(path, "http://x.invalid").searchParams;

describe("signed error-page links", () => {
  const saved = process.env.ENCRYPTION_KEY;
  afterAll(() => {
    if (saved === undefined) delete process.env.ENCRYPTION_KEY;
    else process.env.ENCRYPTION_KEY = saved;
    resetEnvForTests();
    resetErrorLinkKeyForTests();
  });
  beforeAll(() => {
    process.env.ENCRYPTION_KEY = "unit-test-encryption-key-0123456789";
    resetEnvForTests();
    resetErrorLinkKeyForTests();
  });
  const path = errorPagePath({ error: "invalid_redirect_uri", clientId: "grafana", redirectUri: "https://evil.example/cb" });

  it("round-trips the app and the URI of a link this server made", () => {
    expect(verifiedErrorPageContext(query(signErrorPagePath(path, now)), now)).toEqual({ clientId: "grafana", redirectUri: "https://evil.example/cb" });
  });
  it("names nothing for an unsigned, altered, stale or ambiguous link", () => {
    expect(verifiedErrorPageContext(query(path), now)).toEqual({});
    const signed = query(signErrorPagePath(path, now));
    const altered = new URLSearchParams(signed);
    altered.set("redirect_uri", "Call +1-555-0100 to restore your account");
    expect(verifiedErrorPageContext(altered, now)).toEqual({});
    const otherError = new URLSearchParams(signed);
    otherError.set("error", "access_denied");
    expect(verifiedErrorPageContext(otherError, now)).toEqual({});
    expect(verifiedErrorPageContext(signed, new Date(now.getTime() + 2 * 3600_000))).toEqual({});
    const repeated = new URLSearchParams(signed);
    repeated.append("client_id", "other");
    expect(verifiedErrorPageContext(repeated, now)).toEqual({});
  });
  it("leaves links that name nothing unsigned", () => {
    expect(signErrorPagePath("/interaction/error?error=interaction_expired", now)).toBe("/interaction/error?error=interaction_expired");
  });
  it("does not accept a link signed under another ENCRYPTION_KEY (another installation)", () => {
    const signed = query(signErrorPagePath(path, now));
    process.env.ENCRYPTION_KEY = "another-installation-key-0123456789";
    resetEnvForTests();
    resetErrorLinkKeyForTests();
    expect(verifiedErrorPageContext(signed, now)).toEqual({});
  });
});
