// Over real HTTP on the standalone server: JSON endpoints carry fixed security headers (no
// per-request proxy), pages keep the nonce CSP; broken percent-escapes and unknown /api paths are
// JSON 4xx, not 500 or HTML; /login?redirect= never sends a signed-in user off-site or 500s.
import { test, expect, request as playwrightRequest } from "@playwright/test";
import Database from "better-sqlite3";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { E2E_URL, E2E_DATA_DIR } from "../playwright.config";

test("JSON and protocol endpoints carry fixed security headers; pages carry the nonce CSP", async ({ request }) => {
  for (const path of ["/.well-known/openid-configuration", "/.well-known/jwks.json", "/api/webauthn/login/start", "/healthz"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBeLessThan(300);
    const h = res.headers();
    expect(h["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("no-referrer");
  }
  expect((await request.get("/api/webauthn/login/start")).headers()["cache-control"]).toBe("no-store");
  const authorize = await request.get("/authorize?client_id=nope", { maxRedirects: 0 });
  expect(authorize.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const page = await request.get("/login", { maxRedirects: 0 });
  const csp = page.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain("frame-ancestors 'none'");
});

test("a broken percent-escape in a path segment is a JSON 400, not a 500", async ({ request }) => {
  for (const [method, path] of [["GET", "/api/oidc/clients/%ff"], ["POST", "/api/oidc/interactions/%ff/complete"], ["GET", "/api/oidc/clients/%E0%A4%A"]] as const) {
    const res = await request.fetch(path, { method, headers: { origin: E2E_URL, "content-type": "application/json" }, data: method === "POST" ? "{}" : undefined });
    expect(res.status(), path).toBe(400);
    expect(await res.json()).toMatchObject({ code: "invalid_request_path" });
  }
});

test("unknown /api paths answer a JSON 404 not_found", async ({ request }) => {
  for (const method of ["GET", "POST", "DELETE"]) {
    const res = await request.fetch("/api/no/such/thing", { method, headers: { origin: E2E_URL } });
    expect(res.status()).toBe(404);
    expect(res.headers()["content-type"]).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ code: "not_found" });
  }
});

test("/login?redirect= keeps a signed-in user on this site and never answers 500", async () => {
  // A session minted straight into the server's database.
  const sqlite = new Database(`${E2E_DATA_DIR}/pocket-id.db`);
  const now = new Date().toISOString();
  const userId = randomUUID();
  const token = randomBytes(32).toString("base64url");
  const name = `redirect-${userId.slice(0, 8)}`;
  sqlite
    .prepare("INSERT INTO users (id, created_at, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, ?, ?, ?, 'R', 'User', 'R User')")
    .run(userId, now, now, name, name, `${name}@example.com`);
  sqlite
    .prepare("INSERT INTO sessions (id, created_at, token_hash, user_id, amr, auth_time, expires_at, user_agent) VALUES (?, ?, ?, ?, '[\"phr\"]', ?, ?, '')")
    .run(randomUUID(), now, createHash("sha256").update(token).digest("hex"), userId, now, new Date(Date.now() + 3600_000).toISOString());
  sqlite.close();
  const api = await playwrightRequest.newContext({ baseURL: E2E_URL, extraHTTPHeaders: { cookie: `access_token=${token}` } });
  try {
    for (const target of ["/%09/evil.example", "/%0d/evil.example", "/%0a/evil.example", "%5C%5Cevil.example", "//evil.example", "https://evil.example/", "javascript:alert(1)", "%0a", "%0d", "/%E3%80%80/evil.example"]) {
      const res = await api.get(`/login?redirect=${target}`, { maxRedirects: 0 });
      expect(res.status(), target).toBeGreaterThanOrEqual(300);
      expect(res.status(), target).toBeLessThan(400);
      const location = res.headers()["location"];
      // Resolved as a browser would (tab, CR, LF stripped; backslash read as slash).
      expect(new URL(location, E2E_URL).origin, `${target} -> ${location}`).toBe(E2E_URL);
    }
    const good = await api.get("/login?redirect=/settings/account", { maxRedirects: 0 });
    expect(new URL(good.headers()["location"], E2E_URL).pathname).toBe("/settings/account");
  } finally {
    await api.dispose();
  }
});
