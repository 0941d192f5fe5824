// Primitives: sealing with ENCRYPTION_KEY, client IP behind proxies, post-sign-in redirects.
import { describe, expect, it } from "vitest";
import { deriveKey, open, seal } from "@/lib/crypto/encryption";
import { clientIp, isTrusted } from "@/lib/http/request-meta";
import { networkSubject, rateLimitSubject } from "@/lib/auth/rate-limit";
import { parseEnv } from "@/lib/config/env";
import { safeRedirectPath } from "@/lib/auth/page-session";

describe("sealing", () => {
  it("round-trips and fails closed with another key or purpose", () => {
    const k = deriveKey("master-key-0123456789", "jwk-kek");
    const sealed = seal(k, "secret", "aad");
    expect(open(k, sealed, "aad")).toBe("secret");
    expect(() => open(deriveKey("other-master-key-0123", "jwk-kek"), sealed, "aad")).toThrow();
    expect(() => open(deriveKey("master-key-0123456789", "other"), sealed, "aad")).toThrow();
    expect(() => open(k, sealed, "other-aad")).toThrow();
  });
});

describe("clientIp behind proxies (TRUST_PROXY)", () => {
  const h = (o: Record<string, string>) => new Headers(o);
  const trust = (v: string) => parseEnv({ TRUST_PROXY: v }).trustProxy;
  it("uses the socket address and ignores a spoofed X-Forwarded-For unless proxies are trusted", () => {
    const headers = h({ "x-pocketid-client-ip": "198.51.100.1", "x-forwarded-for": "1.2.3.4" });
    expect(clientIp(headers, trust("false"))).toBe("198.51.100.1");
    expect(clientIp(headers, trust("0"))).toBe("198.51.100.1");
  });
  it("TRUST_PROXY=true takes the entry our one proxy appended, not the client-supplied leftmost one", () => {
    // The client sent "X-Forwarded-For: 6.6.6.6"; the proxy (10.0.0.2) appended the real address.
    const headers = h({ "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 7.7.7.7, 203.0.113.9" });
    expect(clientIp(headers, trust("true"))).toBe("203.0.113.9");
    expect(clientIp(headers, trust("1"))).toBe("203.0.113.9");
    // A request that reached us without passing the proxy has no header: the socket is the client.
    expect(clientIp(h({ "x-pocketid-client-ip": "198.51.100.1" }), trust("true"))).toBe("198.51.100.1");
  });
  it("TRUST_PROXY=N counts N proxy hops from the right", () => {
    // CDN -> load balancer -> us: the CDN appended the client, the load balancer appended the CDN.
    const headers = h({ "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.9, 192.0.2.50" });
    expect(clientIp(headers, trust("2"))).toBe("203.0.113.9");
    expect(clientIp(headers, trust("3"))).toBe("6.6.6.6");
    // Fewer entries than hops: the furthest address known.
    expect(clientIp(h({ "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": "203.0.113.9" }), trust("5"))).toBe("203.0.113.9");
  });
  it("TRUST_PROXY=<list> walks X-Forwarded-For from the right past the listed proxies", () => {
    const headers = h({ "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.5" });
    expect(clientIp(headers, trust("10.0.0.0/8"))).toBe("203.0.113.9");
    expect(clientIp(h({ "x-pocketid-client-ip": "198.51.100.1", "x-forwarded-for": "1.2.3.4" }), trust("10.0.0.0/8"))).toBe("198.51.100.1");
    const v6 = h({ "x-pocketid-client-ip": "fd00::2", "x-forwarded-for": "6.6.6.6, 2001:db8:1::7, fd00:0:0:1::9" });
    expect(clientIp(v6, trust("fd00::/8"))).toBe("2001:db8:1::7");
  });
  it("never takes a forwarded value that is not an address: the connecting address counts instead", () => {
    // Forged garbage would otherwise be a fresh rate-limit key per request and a fake audit IP.
    for (const forged of ["x12", "203.0.113.256", "<script>", "unknown", "2001:db8::g"]) {
      const headers = h({ "x-pocketid-client-ip": "198.51.100.1", "x-forwarded-for": `6.6.6.6, ${forged}` });
      expect(clientIp(headers, trust("true"))).toBe("198.51.100.1");
    }
  });
  it("spells every address one way (case, zeros, ports, brackets, IPv4-mapped)", () => {
    const one = (xff: string) => clientIp(h({ "x-pocketid-client-ip": "10.0.0.2", "x-forwarded-for": xff }), trust("true"));
    expect(one("2001:DB8:0:0::1")).toBe("2001:db8::1");
    expect(one("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(one("203.0.113.9:51234")).toBe("203.0.113.9");
    expect(one("::ffff:203.0.113.9")).toBe("203.0.113.9");
    expect(clientIp(h({ "x-pocketid-client-ip": "::ffff:127.0.0.1" }), trust("false"))).toBe("127.0.0.1");
  });
  it("counts IPv6 clients per /64 for rate limits, IPv4 per address", () => {
    expect(rateLimitSubject("2001:db8:1:2:aaaa::1")).toBe(rateLimitSubject("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    expect(rateLimitSubject("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(rateLimitSubject("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(rateLimitSubject("2001:db8:1:3::1")).not.toBe(rateLimitSubject("2001:db8:1:2::1"));
    expect(rateLimitSubject("::1")).toBe("0:0:0:0::/64");
    expect(rateLimitSubject("203.0.113.9")).toBe("203.0.113.9");
    expect(rateLimitSubject(null)).toBe("unknown");
  });
  it("groups addresses by network for the wider buckets (IPv4 /24, IPv6 /48)", () => {
    expect(networkSubject("198.51.100.7")).toBe("198.51.100.0/24");
    expect(networkSubject("2001:db8:5:1::1")).toBe(networkSubject("2001:db8:5:ff00::9"));
    expect(networkSubject("2001:db8:5:1::1")).toBe("2001:db8:5::/48");
    expect(networkSubject("2001:db8:6::1")).not.toBe(networkSubject("2001:db8:5::1"));
    expect(networkSubject(null)).toBe("unknown");
  });
  it("matches IPv4 and IPv6 CIDRs and IPv4-mapped addresses", () => {
    expect(isTrusted("::ffff:172.17.0.3", ["172.16.0.0/12"])).toBe(true);
    expect(isTrusted("172.32.0.1", ["172.16.0.0/12"])).toBe(false);
    expect(isTrusted("2001:db8::1", ["2001:db8::/32"])).toBe(true);
    expect(isTrusted("2001:db9::1", ["2001:db8::/32"])).toBe(false);
    expect(isTrusted("fe80::1", ["fe80::1"])).toBe(true);
    expect(isTrusted("fe80::2", ["fe80::1"])).toBe(false);
    expect(isTrusted("10.1.2.3", ["::/0"])).toBe(false);
    expect(isTrusted("not-an-ip", ["0.0.0.0/0"])).toBe(false);
  });
});

describe("open redirect after sign-in (safeRedirectPath)", () => {
  const app = "https://id.example.com";
  const offSite = [
    ["tab", "/\t/evil.example"],
    ["CR", "/\r/evil.example"],
    ["LF", "/\n/evil.example"],
    ["backslash", "/\\evil.example"],
    ["backslash only", "\\\\evil.example"],
    ["protocol-relative", "//evil.example/path"],
    ["full URL elsewhere", "https://evil.example/settings"],
    ["same host other scheme", "http://id.example.com/settings"],
    ["same host other port", "https://id.example.com:8443/settings"],
    ["javascript:", "javascript:alert(document.domain)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["userinfo trick", "https://id.example.com@evil.example/"],
    // Dot segments that resolve to a path starting with "//" (a browser reads it as another host).
    ["dot-slash then two slashes", "/.//evil.example"],
    ["dot-dot-slash then two slashes", "/..//evil.example"],
    ["encoded dot then two slashes", "/%2e//evil.example"],
    ["dot-dot then encoded slashes", "/..%2F%2Fevil.example"],
    ["dot-slash then encoded backslash", "/./%5Cevil.example"],
    ["a real path then dot-dot", "/settings/..//evil.example"],
    ["with query and fragment", "/a/..//evil.example/x?y#z"],
    ["full URL of this site with dot segments", "https://id.example.com/.//evil.example"],
    ["dot-slash then backslash", "/./\\evil.example"],
    ["%5C, a backslash once decoded", "/%5C/evil.example"],
    ["encoded slashes, two slashes once decoded", "/%2F%2Fevil.example"],
    ["encoded slash after one slash", "/%2Fevil.example"],
  ] as const;
  it.each(offSite)("sends %s to the default page", (_, value) => {
    const out = safeRedirectPath(value, "/settings", app);
    expect(out).toBe("/settings");
    // And whatever comes back, a browser following it as a Location stays on this site.
    expect(new URL(out, app).origin).toBe(app);
  });
  const onSite = [
    ["a path", "/settings/account", "/settings/account"],
    ["a path with query and fragment", "/settings/apps?page=2#top", "/settings/apps?page=2#top"],
    ["a full URL of this site", "https://id.example.com/settings/account", "/settings/account"],
    ["ideographic space is encoded", "/\u3000/evil.example", "/%E3%80%80/evil.example"],
    ["a lone LF becomes the root", "\n", "/"],
    ["dot segments are resolved", "/a/../settings", "/settings"],
  ] as const;
  it.each(onSite)("keeps %s on this site, percent-encoded", (_, value, expected) => {
    const out = safeRedirectPath(value, "/settings", app);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\uffff]/);
  });
  it("falls back when nothing or garbage is given", () => {
    expect(safeRedirectPath(undefined, "/settings", app)).toBe("/settings");
    expect(safeRedirectPath("", "/home", app)).toBe("/home");
    expect(safeRedirectPath("http://[::1", "/settings", app)).toBe("/settings");
  });
});
