// Client ID Metadata Documents (inventory §2.17): which client_ids are fetched, which documents
// become clients and with what fields, and how long a document is used.
import { describe, expect, it } from "vitest";
import { cimdCacheSeconds, DEVICE_CODE_GRANT, isAllowedCimdClientId, parseCimdDocument } from "@/lib/oidc/cimd";

const URL_ID = "https://app.example/oauth/metadata.json";
const base = { client_id: URL_ID, redirect_uris: ["https://app.example/callback"] };

type DocRow = [name: string, doc: unknown, accepted: boolean];
const DOCS: DocRow[] = [
  ["minimal document", base, true],
  ["explicit auth method none", { ...base, token_endpoint_auth_method: "none" }, true],
  ["client_secret_basic is refused", { ...base, token_endpoint_auth_method: "client_secret_basic" }, false],
  ["private_key_jwt is refused", { ...base, token_endpoint_auth_method: "private_key_jwt" }, false],
  ["a client_secret is refused", { ...base, client_secret: "s" }, false],
  ["response_types code", { ...base, response_types: ["code"] }, true],
  ["response_types token is refused", { ...base, response_types: ["code", "token"] }, false],
  ["response_types id_token is refused", { ...base, response_types: ["id_token"] }, false],
  ["refresh_token alone is refused (no initiating grant)", { ...base, grant_types: ["refresh_token"] }, false],
  ["only unsupported grants is refused", { ...base, grant_types: ["client_credentials", "implicit"] }, false],
  ["empty grant list is refused", { ...base, grant_types: [] }, false],
  ["device code alone without redirects", { client_id: URL_ID, grant_types: [DEVICE_CODE_GRANT] }, true],
  ["authorization_code without redirect_uris is refused", { client_id: URL_ID }, false],
  ["client_id of another URL is refused", { ...base, client_id: "https://evil.example/oauth/metadata.json" }, false],
  ["missing client_id is refused", { redirect_uris: base.redirect_uris }, false],
  ["wildcard redirect is refused", { ...base, redirect_uris: ["https://*.app.example/callback"] }, false],
  ["* redirect is refused", { ...base, redirect_uris: ["*"] }, false],
  ["relative redirect is refused", { ...base, redirect_uris: ["/callback"] }, false],
  ["javascript: redirect is refused", { ...base, redirect_uris: ["javascript:alert(1)"] }, false],
  ["data: redirect is refused", { ...base, redirect_uris: ["data:text/html,hi"] }, false],
  ["native-app scheme redirect", { ...base, redirect_uris: ["com.example.app:/cb"] }, true],
  ["loopback redirect", { ...base, redirect_uris: ["http://127.0.0.1/cb"] }, true],
  ["wildcard logout redirect is refused", { ...base, post_logout_redirect_uris: ["https://app.example/*"] }, false],
  ["javascript: logout redirect is refused", { ...base, post_logout_redirect_uris: ["JavaScript:alert(1)"] }, false],
  ["redirect_uris not an array is refused", { ...base, redirect_uris: "https://app.example/callback" }, false],
  ["redirect_uris with a non-string is refused", { ...base, redirect_uris: [1] }, false],
  ["array document is refused", [base], false],
  ["null document is refused", null, false],
];

describe("parseCimdDocument", () => {
  it.each(DOCS)("%s", (_name, doc, accepted) => {
    const r = parseCimdDocument(URL_ID, doc);
    expect(r.ok, r.ok ? "accepted" : r.error).toBe(accepted);
  });

  it("makes a public client with PKCE forced, named after the document", () => {
    const r = parseCimdDocument(URL_ID, { ...base, client_name: "My App", client_uri: "https://app.example/", post_logout_redirect_uris: ["https://app.example/bye"] });
    expect(r).toEqual({
      ok: true,
      client: {
        id: URL_ID,
        name: "My App",
        callbackUrls: ["https://app.example/callback"],
        logoutCallbackUrls: ["https://app.example/bye"],
        launchUrl: "https://app.example/",
        isPublic: true,
        pkceEnabled: true,
        clientType: "cimd",
        grantTypes: ["authorization_code"],
      },
    });
  });

  it("refuses a client_name or client_uri with control characters (PostgreSQL cannot store NUL; SQLite would show it on consent)", () => {
    for (const extra of [{ client_name: "My\u0000App" }, { client_name: "My\nApp" }, { client_uri: "https://app.example/\u0000" }]) {
      const r = parseCimdDocument(URL_ID, { ...base, ...extra });
      expect(r.ok ? "accepted" : r.error).toMatch(/must not contain control characters/);
    }
  });

  it("falls back to the URL's host for the name", () => {
    const r = parseCimdDocument("https://app.example:8443/m.json", { client_id: "https://app.example:8443/m.json", redirect_uris: ["https://app.example/cb"], client_name: "  " });
    expect(r.ok && r.client.name).toBe("app.example:8443");
  });

  it("keeps only the supported grants, once each", () => {
    const r = parseCimdDocument(URL_ID, { ...base, grant_types: ["authorization_code", "client_credentials", "refresh_token", "device_code", DEVICE_CODE_GRANT, "refresh_token"] });
    expect(r.ok && r.client.grantTypes).toEqual(["authorization_code", "refresh_token", DEVICE_CODE_GRANT]);
  });
});

type IdRow = [name: string, clientId: string, allowlist: string[], allowed: boolean];
const IDS: IdRow[] = [
  ["empty allowlist disables CIMD", URL_ID, [], false],
  ["exact allowlist entry", URL_ID, [URL_ID], true],
  ["wildcard path segment", URL_ID, ["https://app.example/oauth/*"], true],
  ["wildcard subdomain", "https://a.apps.example/m.json", ["https://*.apps.example/**"], true],
  ["wildcard cannot hijack the host", "https://evil.example/?x=apps.example/m.json", ["https://*.apps.example/**"], false],
  ["other host", "https://evil.example/oauth/metadata.json", ["https://app.example/**"], false],
  ["http is never a CIMD URL", "http://app.example/oauth/metadata.json", ["*"], false],
  ["a URL without a path is not a CIMD URL", "https://app.example/", ["*"], false],
  ["a fragment is refused", URL_ID + "#x", ["*"], false],
  ["credentials are refused", "https://u:p@app.example/m.json", ["*"], false],
  ["dot segments are refused", "https://app.example/a/../m.json", ["*"], false],
  ["a non-canonical URL is refused", "https://APP.example/m.json", ["*"], false],
  ["a plain client id is not a URL", "my-client", ["*"], false],
  ["* allows any CIMD URL", URL_ID, ["*"], true],
];

describe("isAllowedCimdClientId", () => {
  it.each(IDS)("%s", (_name, clientId, allowlist, allowed) => {
    expect(isAllowedCimdClientId(clientId, allowlist)).toBe(allowed);
  });
});

describe("cimdCacheSeconds", () => {
  it.each([
    [null, 3600],
    ["no-store", null],
    ["public, NO-STORE", null],
    ["max-age=600", 600],
    ["max-age=5", 60],
    ["max-age=9999999", 86400],
    ["s-maxage=120, max-age=600", 120],
    ["no-cache", 60],
    ["max-age=abc", 3600],
  ] as const)("%s → %s", (header, seconds) => {
    expect(cimdCacheSeconds(header)).toBe(seconds);
  });
});
