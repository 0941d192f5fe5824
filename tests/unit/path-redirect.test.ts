import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { canonicalTarget, createPathRedirect, originFormTarget, securityHeaders } from "@/lib/http/path-redirect.mjs";

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

// server.mjs sends next.config.ts's security headers on the answers it writes itself (its 308s,
// 400s, 405s): read from the build's routes manifest, so the list is declared once.
describe("security headers from the build", () => {
  const FIXED = [
    { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "no-referrer" },
    { key: "X-Frame-Options", value: "DENY" },
  ];
  function build(headers: unknown[], config: Record<string, unknown> = {}) {
    const dir = mkdtempSync(join(tmpdir(), "path-redirect-"));
    mkdirSync(join(dir, ".next"));
    writeFileSync(join(dir, ".next", "routes-manifest.json"), JSON.stringify({ headers }));
    writeFileSync(join(dir, ".next", "required-server-files.json"), JSON.stringify({ config }));
    return dir;
  }
  const rule = (source: string, headers: unknown[]) => ({ source, headers, regex: "^(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))/$" });
  const quiet = { warn: () => {} };

  it("are the rule for /:path+/, with lower-case names", () => {
    const dir = build([rule("/api/:path*", [{ key: "X-Other", value: "1" }]), rule("/:path+/", FIXED)]);
    try {
      expect(securityHeaders({ dir, log: quiet })).toEqual({
        "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
        "x-content-type-options": "nosniff",
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
      });
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("are null, with a warning, when the build has no such rule or no manifest; the redirect is then left to Next.js", () => {
    const without = build([rule("/api/:path*", FIXED)]);
    const trailingSlash = build([rule("/:path+/", FIXED)], { trailingSlash: true });
    try {
      for (const dir of [without, trailingSlash, join(without, "missing")]) {
        const warnings: string[] = [];
        const log = { warn: (m: string) => void warnings.push(m) };
        expect(securityHeaders({ dir, log }), dir).toBeNull();
        expect(warnings, dir).toHaveLength(1);
        expect(createPathRedirect({ dir, log: quiet }), dir).toBeNull();
      }
    } finally {
      rmSync(without, { recursive: true });
      rmSync(trailingSlash, { recursive: true });
    }
  });
});
