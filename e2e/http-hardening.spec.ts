// Over real HTTP on the standalone server: JSON endpoints carry fixed security headers (no
// per-request proxy), pages keep the nonce CSP; broken percent-escapes and unknown /api paths are
// JSON 4xx, not 500 or HTML; /login?redirect= never sends a signed-in user off-site or 500s.
import { test, expect, request as playwrightRequest } from "@playwright/test";
import Database from "better-sqlite3";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import http from "node:http";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { E2E_PORT, E2E_URL, E2E_DATA_DIR } from "../playwright.config";

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

// Attack findings 2 and 7, over real HTTP through server.mjs.

/**
 * Streams a chunked body of up to 10 MB to `path`, 16 KiB at a time with backpressure, and stops
 * writing as soon as the response arrives: how much was written tells whether the server waited
 * for the whole body.
 */
async function chunkedUpload(path: string, type: string, headers: Record<string, string> = {}) {
  const total = 10 * 1024 * 1024;
  const url = new URL(path, E2E_URL);
  return new Promise<{ status: number; body: string; written: number }>((resolve, reject) => {
    let written = 0;
    let answered = false;
    const req = http.request(url, { method: "POST", headers: { "content-type": type, origin: E2E_URL, "transfer-encoding": "chunked", ...headers } }, (res) => {
      answered = true;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, written });
      });
    });
    req.on("error", (e) => (answered ? undefined : reject(e)));
    const piece = Buffer.alloc(16 * 1024, "a");
    const pump = () => {
      while (!answered && written < total) {
        written += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}

test("a 10 MB chunked body is answered at 64 KiB, before the upload ends, with a truthful error", async () => {
  const token = await chunkedUpload("/api/oidc/token", "application/x-www-form-urlencoded");
  expect(token.status).toBe(400);
  expect(JSON.parse(token.body)).toEqual({ error: "invalid_request", error_description: "The request body is too large (at most 64 KiB)." });
  expect(token.written).toBeLessThan(10 * 1024 * 1024);
  const setup = await chunkedUpload("/api/webauthn/login/finish", "application/json");
  expect(setup.status).toBe(400);
  expect(JSON.parse(setup.body)).toEqual({ error: "The request body is too large (at most 64 KiB).", code: "invalid_request_body" });
  expect(setup.written).toBeLessThan(10 * 1024 * 1024);
});

test("a declared Content-Length over 64 KiB is refused without waiting for the body", async () => {
  const url = new URL("/api/oidc/token", E2E_URL);
  const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    // Announces 10 MB, sends 5 bytes and waits: only a server that trusts the header answers.
    const req = http.request(url, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", "content-length": String(10 * 1024 * 1024) } }, (r) => {
      let body = "";
      r.on("data", (c) => (body += c));
      r.on("end", () => {
        req.destroy();
        resolve({ status: r.statusCode ?? 0, body });
      });
    });
    req.on("error", reject);
    req.write("a=b&c");
  });
  expect(res.status).toBe(400);
  expect(JSON.parse(res.body).error_description).toBe("The request body is too large (at most 64 KiB).");
});

test("unsupported methods on /api, protocol and health routes answer a JSON 405 with Allow", async ({ request }) => {
  for (const [method, path, allow] of [
    ["PUT", "/api/oidc/token", "POST, OPTIONS"],
    ["GET", "/api/oidc/token", "POST, OPTIONS"],
    ["DELETE", "/api/users/me", "GET, PUT, HEAD, OPTIONS"],
    ["PATCH", "/api/oidc/clients", "GET, POST, HEAD, OPTIONS"],
    // Outside /api too: the protocol and health endpoints.
    ["PUT", "/authorize", "GET, POST, HEAD, OPTIONS"],
    ["POST", "/.well-known/openid-configuration", "GET, HEAD, OPTIONS"],
    ["DELETE", "/.well-known/jwks.json", "GET, HEAD, OPTIONS"],
    ["POST", "/healthz", "GET, HEAD, OPTIONS"],
  ] as const) {
    const res = await request.fetch(path, { method, headers: { origin: E2E_URL } });
    expect(res.status(), `${method} ${path}`).toBe(405);
    expect(res.headers()["allow"], `${method} ${path}`).toBe(allow);
    expect(res.headers()["cache-control"]).toBe("no-store");
    expect(await res.json()).toMatchObject({ code: "method_not_allowed" });
  }
});

test("methods no route serves (TRACE, CONNECT-like) are a JSON 405 from the server, not a 500", async () => {
  for (const [method, path] of [["TRACE", "/"], ["TRACE", "/api/users/me"], ["PROPFIND", "/authorize"], ["TRACE", "/healthz"]]) {
    const { status, headers, body } = await new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((done, fail) => {
      const r = http.request({ host: "127.0.0.1", port: E2E_PORT, method, path }, (res) => {
        let text = "";
        res.on("data", (c) => (text += c));
        res.on("end", () => done({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      });
      r.on("error", fail);
      r.end();
    });
    expect(status, `${method} ${path}`).toBe(405);
    expect(headers.allow).toContain("GET");
    expect(JSON.parse(body)).toMatchObject({ code: "method_not_allowed" });
  }
});

test("HEAD /authorize is 405 with Allow and no Location; /_next/image is not served", async ({ request }) => {
  const head = await request.fetch("/authorize?client_id=x&response_type=code&scope=openid", { method: "HEAD", maxRedirects: 0 });
  expect(head.status()).toBe(405);
  expect(head.headers()["allow"]).toBe("GET, POST");
  expect(head.headers()["location"]).toBeUndefined();
  const image = await request.get("/_next/image?url=%2F.%252F%2Fevil.example&w=64&q=75");
  expect(image.status()).toBe(404);
});

test("with an https APP_URL every response carries HSTS: /healthz, /_next/*, 308, 405 and server.mjs's own 400", async () => {
  const port = E2E_PORT + 2;
  const dir = mkdtempSync(join(tmpdir(), "pocketid-hsts-"));
  const server = spawn(process.execPath, ["server.mjs"], {
    cwd: resolve(process.env.E2E_SERVER_DIR ?? ".next/standalone"),
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: "https://id.example.test",
      DB_CONNECTION_STRING: join(dir, "pocket-id.db"),
      KEYS_PATH: join(dir, "keys"),
      ENCRYPTION_KEY: "e2e-hsts-encryption-key-0123456789",
      DISABLE_RATE_LIMITING: "true",
    },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  const api = await playwrightRequest.newContext({ baseURL: base });
  try {
    await expect.poll(async () => (await api.get("/healthz").catch(() => null))?.status() ?? 0, { timeout: 30_000 }).toBe(204);
    const html = await (await api.get("/login")).text();
    const asset = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
    expect(asset).toBeTruthy();
    const cases: [string, string, number][] = [
      ["GET", "/healthz", 204],
      ["GET", asset!, 200],
      ["GET", "/login/", 308],
      ["PUT", "/api/oidc/token", 405],
      ["GET", "/api/oidc/clients/%ff", 400],
      ["GET", "/.well-known/openid-configuration", 200],
    ];
    for (const [method, path, status] of cases) {
      const res = await api.fetch(path, { method, maxRedirects: 0 });
      expect(res.status(), path).toBe(status);
      expect(res.headers()["strict-transport-security"], `${method} ${path}`).toBe("max-age=31536000; includeSubDomains");
    }
  } finally {
    await api.dispose();
    server.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
});
