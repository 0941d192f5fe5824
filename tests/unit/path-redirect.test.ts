import { describe, expect, it } from "vitest";
import { canonicalTarget, originFormTarget } from "@/lib/http/path-redirect.mjs";

// server.mjs redirects a path to its canonical form (lib/http/path-redirect.mjs). A browser
// resolves the Location against our origin: it must stay there whatever the path looked like.
const ORIGIN = "https://id.example.com";

describe("canonical path redirect target", () => {
  it("drops a trailing slash and folds backslashes and repeated slashes, keeping the query as sent", () => {
    expect(canonicalTarget("/login/")).toBe("/login");
    expect(canonicalTarget("/settings/account/")).toBe("/settings/account");
    expect(canonicalTarget("/login/?redirect=%2Fsettings&x=1")).toBe("/login?redirect=%2Fsettings&x=1");
    expect(canonicalTarget("/a//b///c")).toBe("/a/b/c");
    expect(canonicalTarget("/a\\b/")).toBe("/a/b");
    expect(canonicalTarget("/authorize/?client_id=c&redirect_uri=https://evil.example//x")).toBe("/authorize?client_id=c&redirect_uri=https://evil.example//x");
  });

  it("leaves canonical paths, the root and non-path targets to Next.js", () => {
    for (const url of ["/", "/login", "/login?x=/", "/api/oidc/token", "/?a=//b", "*", "http://evil.example/x/", ""]) expect(canonicalTarget(url), url).toBeNull();
  });

  it("never sends the browser to another host, however the path is crafted", () => {
    const tricky = [
      "//evil.example/",
      "///evil.example/",
      "//evil.example",
      "/\\evil.example/",
      "/\\/evil.example/",
      "/\\\\evil.example/",
      "/\t/evil.example/",
      "/\n/evil.example/",
      "/ /evil.example/",
      "/%2F%2Fevil.example/",
      "/%5C%5Cevil.example/",
      "/.//evil.example/",
      "/a/..//evil.example/",
      "//",
      "/\\",
      "//?next=//evil.example",
    ];
    for (const url of tricky) {
      const target = canonicalTarget(url);
      expect(target, url).not.toBeNull();
      expect(target, url).toMatch(/^\/(?![/\\])[\x21-\x7e]*$/);
      // What a browser makes of the Location header.
      expect(new URL(target!, ORIGIN).origin, url).toBe(ORIGIN);
    }
    expect(canonicalTarget("//evil.example/")).toBe("/evil.example");
    expect(canonicalTarget("/\t/evil/")).toBe("/%09/evil");
    expect(canonicalTarget("/%2F%2Fevil/")).toBe("/%2F%2Fevil");
  });
});

// RFC 9112 §3.2: server.mjs serves every request target in origin-form; an absolute-form target
// (which a server must accept, §3.2.2) is served as the request for its path.
describe("request target in origin-form", () => {
  it("keeps an origin-form target as it is", () => {
    for (const url of ["/", "/login/", "//evil.example/", "/a?b=http://c"]) expect(originFormTarget(url), url).toEqual({ url, host: null });
  });

  it("turns an absolute-form http(s) target into its path and query, its authority the host", () => {
    expect(originFormTarget("http://evil.example//x/")).toEqual({ url: "//x/", host: "evil.example" });
    expect(originFormTarget("HTTPS://id.example.com:8443/login/?a=1")).toEqual({ url: "/login/?a=1", host: "id.example.com:8443" });
    expect(originFormTarget("http://evil.example")).toEqual({ url: "/", host: "evil.example" });
    expect(originFormTarget("http://evil.example?next=/x")).toEqual({ url: "/?next=/x", host: "evil.example" });
  });

  it("refuses what is not a path on this server: *, authority-form, other schemes, credentials, no host", () => {
    for (const url of ["*", "evil.example:443", "evil.example//x/", "ftp://evil.example/", "http:evil.example/", "http://user:pw@evil.example/", "http:///x", "http://evil.example#x", "", undefined]) {
      expect(originFormTarget(url), String(url)).toBeNull();
    }
  });
});
