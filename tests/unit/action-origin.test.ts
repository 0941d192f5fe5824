// server.mjs refuses Server Actions from another site itself (403), under the condition Next.js
// refuses them with a 500: lib/http/action-origin.mjs.
import { describe, expect, it } from "vitest";
import { createActionOriginCheck } from "@/lib/http/action-origin.mjs";

const action = (headers: Record<string, string | string[]>, url = "/settings/admin/users", method = "POST") => ({
  method,
  url,
  headers: { host: "id.example.com", "next-action": "7f3a9c", ...headers },
});

describe("Server Actions from another site", () => {
  const refused = createActionOriginCheck();

  it("refuses an action whose Origin is another host, or unreadable", () => {
    expect(refused(action({ origin: "https://evil.example" }))).toBe(true);
    expect(refused(action({ origin: "https://id.example.com.evil.example" }))).toBe(true);
    expect(refused(action({ origin: "http://id.example.com:8080" }))).toBe(true);
    expect(refused(action({ origin: "null" }))).toBe(true);
    expect(refused(action({ origin: "not a url" }))).toBe(true);
    // Behind a proxy the first X-Forwarded-Host is the site's host, as Next.js reads it.
    expect(refused(action({ origin: "https://id.example.com", "x-forwarded-host": "other.example, id.example.com" }))).toBe(true);
  });

  it("lets through what Next.js accepts or never treats as an action", () => {
    expect(refused(action({ origin: "https://id.example.com" }))).toBe(false);
    expect(refused(action({ origin: "https://id.example.com", "x-forwarded-host": "id.example.com" }))).toBe(false);
    expect(refused(action({ origin: "https://public.example", host: "127.0.0.1:1411", "x-forwarded-host": "public.example" }))).toBe(false);
    expect(refused(action({ origin: "https://public.example", host: "127.0.0.1:1411", "x-forwarded-host": ["public.example"] }))).toBe(false);
    // No Origin: Next.js lets it through (no browser sends a cross-site POST without one).
    expect(refused(action({}))).toBe(false);
    // Not an action: a GET, a POST without Next-Action, a route handler (never runs actions).
    expect(refused(action({ origin: "https://evil.example" }, "/settings", "GET"))).toBe(false);
    expect(refused({ method: "POST", url: "/login", headers: { host: "id.example.com", origin: "https://evil.example" } })).toBe(false);
    for (const path of ["/api/oidc/token", "/api", "/.well-known/openid-configuration", "/authorize?x=1", "/healthz"]) {
      expect(refused(action({ origin: "https://evil.example" }, path)), path).toBe(false);
    }
  });

  it("leaves configured serverActions.allowedOrigins to Next.js", () => {
    expect(createActionOriginCheck({ allowedOrigins: ["*.example.com"] })(action({ origin: "https://evil.example" }))).toBe(false);
    expect(createActionOriginCheck({ allowedOrigins: [] })(action({ origin: "https://evil.example" }))).toBe(true);
  });
});
