// Pure protocol pieces: redirect URI matching (RFC 8252 §7.3), PKCE (RFC 7636), claims (inventory §2.9).
import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { matchRedirectUri, checkCallbackUrlPattern, isSecureRedirectUri } from "@/lib/oidc/redirect-uri";
import { verifyPkce } from "@/lib/oidc/pkce";
import { userClaims, customClaimValue } from "@/lib/oidc/claims";
import { parseScope } from "@/lib/oidc/scopes";
import { atHash, accessTokenAudience } from "@/lib/oidc/tokens";
import type { OidcUser } from "@/lib/oidc/types";

describe("matchRedirectUri", () => {
  const registered = ["https://app.example.com/cb", "http://127.0.0.1/callback", "http://localhost:8080/cb", "app.immich:///oauth-callback"];
  it("matches exactly, with no trailing-slash or case leniency", () => {
    expect(matchRedirectUri(registered, "https://app.example.com/cb")).toBe(true);
    expect(matchRedirectUri(registered, "https://app.example.com/cb/")).toBe(false);
    expect(matchRedirectUri(registered, "https://APP.example.com/cb")).toBe(false);
    expect(matchRedirectUri(registered, "https://app.example.com/cb?x=1")).toBe(false);
    expect(matchRedirectUri(registered, "app.immich:///oauth-callback")).toBe(true);
  });
  it("lets loopback http redirect URIs use any port", () => {
    expect(matchRedirectUri(registered, "http://127.0.0.1:53412/callback")).toBe(true);
    expect(matchRedirectUri(registered, "http://localhost:9999/cb")).toBe(true);
    expect(matchRedirectUri(registered, "http://127.0.0.1:53412/other")).toBe(false);
    expect(matchRedirectUri(["https://127.0.0.1/callback"], "https://127.0.0.1:444/callback")).toBe(false);
    expect(matchRedirectUri(registered, "http://localhost.evil.com:1/cb")).toBe(false);
  });
  it("tells which redirect URIs are acceptable without ALLOW_INSECURE_CALLBACK_URLS", () => {
    expect(isSecureRedirectUri("https://app.example.com/cb")).toBe(true);
    expect(isSecureRedirectUri("http://127.0.0.1:8080/cb")).toBe(true);
    expect(isSecureRedirectUri("http://localhost/cb")).toBe(true);
    expect(isSecureRedirectUri("app.immich:///oauth-callback")).toBe(true);
    expect(isSecureRedirectUri("http://app.example.com/cb")).toBe(false);
    expect(isSecureRedirectUri("http://127.0.0.1.evil.com/cb")).toBe(false);
  });
  it("refuses dangerous callback schemes at save time", () => {
    expect(checkCallbackUrlPattern("javascript:alert(1)")).toMatch(/not allowed/);
    expect(checkCallbackUrlPattern("data:text/html,x")).toMatch(/not allowed/);
    expect(checkCallbackUrlPattern("not a url")).toMatch(/absolute/);
    expect(checkCallbackUrlPattern("https://a.example/cb#frag")).toMatch(/fragment/);
    expect(checkCallbackUrlPattern("https://a.example/cb")).toBeNull();
  });
});

describe("PKCE", () => {
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  it("verifies the RFC 7636 appendix B example", () => {
    expect(verifyPkce(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")).toBe(true);
    expect(verifyPkce(verifier, verifier, "plain")).toBe(true);
    expect(verifyPkce(verifier + "x", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "S256")).toBe(false);
    expect(verifyPkce("short", "short", "plain")).toBe(false);
  });
});

const user: OidcUser = {
  id: "u1", username: "alice", email: "alice@example.com", emailVerified: true, firstName: "Alice", lastName: "Liddell",
  displayName: "Alice L", disabled: false, groups: [{ id: "g1", name: "devs" }],
  customClaims: [{ key: "level", value: "3" }, { key: "email", value: "spoof@example.com" }, { key: "level", value: "9" }, { key: "tags", value: "[\"a\"]" }],
};

describe("userClaims", () => {
  it("releases only what the scopes allow", () => {
    expect(userClaims(user, ["openid"], "https://id")).toEqual({ sub: "u1" });
    const all = userClaims(user, ["openid", "profile", "email", "groups"], "https://id");
    expect(all).toMatchObject({ name: "Alice Liddell", preferred_username: "alice", email: "alice@example.com", email_verified: true, groups: ["devs"] });
    // inventory §2.9: picture = APP/api/users/<id>/profile-picture.png, with the profile scope only.
    expect(all.picture).toBe("https://id/api/users/u1/profile-picture.png");
    expect(userClaims(user, ["openid", "email"], "https://id")).not.toHaveProperty("picture");
  });
  it("emits custom claims as typed JSON, first owner wins, reserved keys ignored", () => {
    const c = userClaims(user, ["profile"], "https://id");
    expect(c.level).toBe(3);
    expect(c.tags).toEqual(["a"]);
    expect(c.email).toBeUndefined();
    expect(customClaimValue("not json")).toBe("not json");
  });
  it("omits email claims for users without an email", () => {
    expect(userClaims({ ...user, email: null }, ["email"], "https://id")).toEqual({ sub: "u1" });
  });
});

describe("scopes and tokens", () => {
  it("drops unknown and duplicate scopes", () => {
    expect(parseScope("openid  profile openid admin:all")).toEqual(["openid", "profile"]);
  });
  it("computes at_hash per OIDC Core §3.1.3.6", () => {
    const token = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
    expect(atHash(token)).toBe(createHash("sha256").update(token).digest().subarray(0, 16).toString("base64url"));
  });
  it("adds the issuer to the access-token audience only with identity scopes", () => {
    expect(accessTokenAudience("c", ["openid"], "https://id")).toEqual(["c", "https://id"]);
    expect(accessTokenAudience("c", [], "https://id")).toEqual(["c"]);
  });
});


