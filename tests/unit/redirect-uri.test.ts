// Redirect-URI patterns (inventory §2.6): every case the inventory names, Pocket ID's own table of
// matches and refusals, the loopback rule and the attacks a wildcard must not let through.
import { describe, expect, it } from "vitest";
import { checkCallbackUrlPattern, isSecureRedirectUri, matchRedirectUri } from "@/lib/oidc/redirect-uri";

type Row = [name: string, pattern: string | string[], input: string, match: boolean];

const ROWS: Row[] = [
  // exact
  ["exact match", "https://example.com/callback", "https://example.com/callback", true],
  ["other host", "https://example.org/callback", "https://example.com/callback", false],
  ["exact IPv4", "https://10.1.0.1/callback", "https://10.1.0.1/callback", true],
  ["exact IPv6", "https://[2001:db8:1:1::a:1]/callback", "https://[2001:db8:1:1::a:1]/callback", true],
  ["custom scheme (native app)", "app.immich:///oauth-callback", "app.immich:///oauth-callback", true],
  ["custom scheme: authority form is part of the URI", "app.immich:///oauth-callback", "app.immich:/oauth-callback", false],
  ["reverse-domain scheme", "com.example.app:/oauth2redirect", "com.example.app:/oauth2redirect", true],
  // no leniency
  ["no trailing-slash leniency (#1510)", "https://jf.example.com/sso/OID/redirect/PocketID", "https://jf.example.com/sso/OID/redirect/PocketID/", false],
  ["no trailing-slash leniency, other way", "https://example.com/cb/", "https://example.com/cb", false],
  ["path case matters", "https://example.com/Callback", "https://example.com/callback", false],
  ["host case matters too (exact comparison)", "https://example.com/cb", "https://EXAMPLE.com/cb", false],
  ["origin-only pattern equals its root path", "https://example.com", "https://example.com/", true],
  ["origin-only pattern is not a prefix", "https://example.com", "https://example.com/x", false],
  // * alone
  ["* matches anything", "*", "https://anything.example.net/x?y=1", true],
  ["* matches loopback", "*", "http://127.0.0.1:8080/callback", true],
  ["* matches IPv6 loopback", "*", "http://[::1]:8080/callback", true],
  ["* never matches javascript:", "*", "javascript:alert(1)", false],
  ["* never matches data:", "*", "data:text/html,hi", false],
  ["* never matches an unparseable URI", "*", "not a uri", false],
  // scheme
  ["scheme mismatch", "https://example.com/callback", "http://example.com/callback", false],
  ["wildcard scheme", "*://example.com/callback", "https://example.com/callback", true],
  // host
  ["hostname mismatch", "https://example.com/callback", "https://malicious.com/callback", false],
  ["wildcard subdomain", "https://*.example.com/callback", "https://subdomain.example.com/callback", true],
  ["wildcard subdomain needs the dot", "https://*.example.com/callback", "https://example.com/callback", false],
  ["wildcard subdomain is no suffix match", "https://*.example.com/callback", "https://evil-example.com/callback", false],
  ["partial host wildcard, prefix", "https://app*.example.com/callback", "https://app1.example.com/callback", true],
  ["partial host wildcard, suffix", "https://*-prod.example.com/callback", "https://api-prod.example.com/callback", true],
  ["partial host wildcard, middle", "https://app-*-server.example.com/callback", "https://app-staging-server.example.com/callback", true],
  ["host wildcard cannot swallow ?", "https://*.example.com/callback", "https://malicious.site?url=abc.example.com/callback", false],
  ["host wildcard cannot swallow /", "https://*.example.com/callback", "https://evil.site/x.example.com/callback", false],
  ["host wildcard cannot swallow #", "https://*.example.com/callback", "https://evil.site#a.example.com/callback", false],
  ["host wildcard cannot swallow @", "https://*.example.com/callback", "https://a.example.com@evil.site/callback", false],
  ["confusable digit", "https://example.com/callback", "https://examp1e.com/callback", false],
  ["homograph (Cyrillic e)", "https://example.com/callback", "https://\u0435xample.com/callback", false],
  // port
  ["port mismatch", "https://example.com:8080/callback", "https://example.com:9090/callback", false],
  ["wildcard port", "https://example.com:*/callback", "https://example.com:8080/callback", true],
  ["partial port wildcard", "https://example.com:80*/callback", "https://example.com:8080/callback", true],
  ["partial port wildcard mismatch", "https://example.com:80*/callback", "https://example.com:9080/callback", false],
  ["wildcard port IPv4", "https://10.1.0.1:*/callback", "https://10.1.0.1:8080/callback", true],
  ["partial port wildcard IPv4", "https://10.1.0.1:80*/callback", "https://10.1.0.1:8080/callback", true],
  ["wildcard port IPv6", "https://[2001:db8:1:1::a:1]:*/callback", "https://[2001:db8:1:1::a:1]:8080/callback", true],
  ["partial port wildcard IPv6", "https://[2001:db8:1:1::a:1]:80*/callback", "https://[2001:db8:1:1::a:1]:8080/callback", true],
  ["port required when registered", "https://example.com:8443/callback", "https://example.com/callback", false],
  // path
  ["path mismatch", "https://example.com/callback", "https://example.com/other", false],
  ["* in one segment", "https://example.com/api/*/callback", "https://example.com/api/v1/callback", true],
  ["* does not cross segments", "https://example.com/api/*/callback", "https://example.com/api/v1/v2/callback", false],
  ["* as whole path", "https://example.com/*", "https://example.com/callback", true],
  ["* as whole path IPv4", "https://10.1.0.1/*", "https://10.1.0.1/callback", true],
  ["* as whole path IPv6", "https://[2001:db8:1:1::a:1]/*", "https://[2001:db8:1:1::a:1]/callback", true],
  ["partial path wildcard, prefix", "https://example.com/test*", "https://example.com/testcase", true],
  ["partial path wildcard, suffix", "https://example.com/*-callback", "https://example.com/oauth-callback", true],
  ["partial path wildcard, middle", "https://example.com/api-*-v1/callback", "https://example.com/api-internal-v1/callback", true],
  ["several partial path wildcards", "https://example.com/*/test*/callback", "https://example.com/v1/testing/callback", true],
  ["** crosses segments", "https://example.com/**/callback", "https://example.com/api/v1/foo/bar/callback", true],
  ["** twice", "https://example.com/**/v1/**/callback", "https://example.com/api/v1/foo/bar/callback", true],
  ["** as whole path", "https://app.example.com/**", "https://app.example.com/a/b/c", true],
  ["partial wildcard for a whole segment", "https://example.com/foo-*", "https://example.com/foo-bar", true],
  ["colon in path is literal", "https://app.example.com/a:b", "https://app.example.com/a:other", false],
  ["colon in path matches itself", "https://app.example.com/a:b", "https://app.example.com/a:b", true],
  ["colon in host label is no placeholder", "https://:host.example.com/cb", "https://evil.example.com/cb", false],
  // userinfo
  ["username mismatch", "https://user:pass@example.com/callback", "https://admin:pass@example.com/callback", false],
  ["credentials missing", "https://user:pass@example.com/callback", "https://example.com/callback", false],
  ["credentials added", "https://example.com/callback", "https://user:pass@example.com/callback", false],
  ["wildcard password", "https://user:*@example.com/callback", "https://user:secret123@example.com/callback", true],
  ["partial wildcard in username", "https://admin*:pass@example.com/callback", "https://admin123:pass@example.com/callback", true],
  ["partial wildcard in password", "https://user:pass*@example.com/callback", "https://user:password123@example.com/callback", true],
  ["userinfo is literal", "https://user:pass@app.example.com/cb", "https://user:other@app.example.com/cb", false],
  ["wildcard password cannot hijack the host", "https://user:*@example.com/callback", "https://user:password@malicious.site#example.com/callback", false],
  ["@ in password cannot hijack the host", "https://user:pass@example.com/callback", "https://user:pass@evil.com@example.com/callback", false],
  // query
  ["extra query parameter", "https://example.com/callback?code=*", "https://example.com/callback?code=abc123&extra=value", false],
  ["missing query parameter", "https://example.com/callback?code=*&state=*", "https://example.com/callback?code=abc123", false],
  ["query after fragment is no query", "https://example.com/callback?code=123", "https://example.com/callback#section?code=123", false],
  ["query name mismatch", "https://example.com/callback?code=*", "https://example.com/callback?token=abc123", false],
  ["wildcard query value", "https://example.com/callback?code=*", "https://example.com/callback?code=abc123", true],
  ["two wildcard values", "https://example.com/callback?code=*&state=*", "https://example.com/callback?code=abc123&state=xyz789", true],
  ["query order does not matter", "https://example.com/callback?state=*&code=*", "https://example.com/callback?code=abc123&state=xyz789", true],
  ["exact query value", "https://example.com/callback?mode=production", "https://example.com/callback?mode=production", true],
  ["query value mismatch", "https://example.com/callback?mode=production", "https://example.com/callback?mode=development", false],
  ["mixed exact and wildcard values", "https://example.com/callback?mode=production&code=*", "https://example.com/callback?mode=production&code=abc123", true],
  ["mixed, wrong exact value", "https://example.com/callback?mode=production&code=*", "https://example.com/callback?mode=development&code=abc123", false],
  ["repeated parameter, same count", "https://example.com/callback?param=*&param=*", "https://example.com/callback?param=value1&param=value2", true],
  ["repeated parameter, other count", "https://example.com/callback?param=*", "https://example.com/callback?param=1&param=2", false],
  ["no query registered, one sent", "https://example.com/callback", "https://example.com/callback?extra=value", false],
  ["extra redirect parameter", "https://example.com/callback?code=*", "https://example.com/callback?code=123&redirect=https://evil.com", false],
  ["extra next parameter", "https://example.com/callback?state=*", "https://example.com/callback?state=abc&next=//evil.com", false],
  // fragment
  ["fragments on both sides ignored", "https://example.com/callback#fragment", "https://example.com/callback#fragment", true],
  ["pattern fragment ignored", "https://example.com/callback#fragment", "https://example.com/callback", true],
  ["input fragment ignored", "https://example.com/callback", "https://example.com/callback#section", true],
  // path tricks
  ["dot segments resolved before comparing", "https://example.com/callback", "https://example.com/../admin/callback", false],
  ["backslash is not the registered slash (exact comparison)", "https://example.com/callback", "https://example.com\\callback", false],
  ["dot segments that resolve back to the registered path", "https://example.com/callback", "https://example.com/callback/../callback", false],
  ["single-dot segment", "https://example.com/callback", "https://example.com/./callback", false],
  ["encoded dot segment", "https://example.com/callback", "https://example.com/x/%2e%2e/callback", false],
  ["dot segments under a path wildcard", "https://example.com/app/*", "https://example.com/app/x/../y", false],
  ["dot segments on loopback", "http://127.0.0.1/callback", "http://127.0.0.1:8080/a/../callback", false],
  ["registered exactly with dot segments matches itself", "https://example.com/a/../cb", "https://example.com/a/../cb", true],
  ["double slash is no new host", "https://example.com/callback", "https://example.com//evil.com/callback", false],
  ["encoded CRLF", "https://example.com/callback", "https://example.com/callback%0d%0aLocation:%20https://evil.com", false],
  ["encoded NUL", "https://example.com/callback", "https://example.com/callback%00.evil.com", false],
  // loopback (RFC 8252 §7.3)
  ["127.0.0.1 any port", "http://127.0.0.1/callback", "http://127.0.0.1:53412/callback", true],
  ["127.0.0.1 same port", "http://127.0.0.1:8080/callback", "http://127.0.0.1:8080/callback", true],
  ["127.0.0.1 registered port, other port sent (RFC 8252: any)", "http://127.0.0.1:8080/callback", "http://127.0.0.1:9090/callback", true],
  ["localhost registered port, other port sent", "http://localhost:8080/cb", "http://localhost:9999/cb", true],
  ["::1 any port", "http://[::1]/callback", "http://[::1]:8080/callback", true],
  ["::1 with path wildcard", "http://[::1]/auth/*", "http://[::1]:8080/auth/callback", true],
  ["localhost any port", "http://localhost/callback", "http://localhost:8080/callback", true],
  ["loopback with path wildcard", "http://127.0.0.1/auth/*", "http://127.0.0.1:3000/auth/callback", true],
  ["loopback with port wildcard", "http://127.0.0.1:*/auth/callback", "http://127.0.0.1:3000/auth/callback", true],
  ["::1 with port wildcard", "http://[::1]:*/auth/callback", "http://[::1]:3000/auth/callback", true],
  ["loopback path mismatch", "http://127.0.0.1/callback", "http://127.0.0.1:8080/different", false],
  ["https loopback gets no port leniency", "https://127.0.0.1/callback", "https://127.0.0.1:8080/callback", false],
  ["non-loopback IP gets no port leniency", "http://192.168.1.1/callback", "http://192.168.1.1:8080/callback", false],
  ["localhost look-alike gets no port leniency", "http://localhost/cb", "http://localhost.evil.com:1/cb", false],
  // lists
  ["first of two", ["https://example.com/callback", "https://example.org/callback"], "https://example.com/callback", true],
  ["second of two", ["https://example.com/callback", "https://example.org/callback"], "https://example.org/callback", true],
  ["none of two", ["https://example.com/callback", "https://example.org/callback"], "https://malicious.com/callback", false],
  ["wildcard second", ["https://example.com/callback", "https://*.example.org/callback"], "https://subdomain.example.org/callback", true],
  ["empty list", [], "https://example.com/callback", false],
];

describe("matchRedirectUri (inventory §2.6)", () => {
  it.each(ROWS)("%s", (_name, pattern, input, match) => {
    expect(matchRedirectUri(Array.isArray(pattern) ? pattern : [pattern], input)).toBe(match);
  });
});

describe("checkCallbackUrlPattern", () => {
  const ok = ["https://example.com/callback", "*://example.com/callback", "https://example.com:*/callback", "https://example.com:80*/callback", "https://user:*@example.com/callback", "*", "https://*.example.com/**", "app.immich:///oauth-callback", "http://[::1]:*/cb"];
  const bad: [string, RegExp][] = [
    ["/callback", /absolute/],
    ["https//example.com/callback", /absolute/],
    ["https://exa[mple.com/callback", /absolute/],
    ["http://[::1", /absolute/],
    ["javascript:alert(1)", /not allowed/],
    ["data:text/html;base64,PGgxPkhlbGxvPC9oMT4=", /not allowed/],
    ["https://a.example/cb#frag", /fragment/],
  ];
  it.each(ok)("accepts %s", (p) => expect(checkCallbackUrlPattern(p)).toBeNull());
  it.each(bad)("refuses %s", (p, why) => expect(checkCallbackUrlPattern(p)).toMatch(why));
});

describe("isSecureRedirectUri (ALLOW_INSECURE_CALLBACK_URLS=false)", () => {
  it.each([
    ["https://app.example.com/cb", true],
    ["http://127.0.0.1:8080/cb", true],
    ["http://localhost/cb", true],
    ["app.immich:///oauth-callback", true],
    ["http://app.example.com/cb", false],
    ["http://127.0.0.1.evil.com/cb", false],
    ["*", false],
    ["*://app.example.com/cb", false],
    ["http://*.localhost/cb", false],
  ] as const)("%s → %s", (uri, secure) => expect(isSecureRedirectUri(uri)).toBe(secure));
});
