// Token-endpoint throughput of a running server on SQLite: client_credentials, authorization-code
// exchange and refresh-token rotation (issue 6). Seeds a user, a browser session and a confidential
// client straight into the server's SQLite file, obtains codes through /authorize, then measures.
//   node bench/token-endpoint.mjs <baseUrl> <sqlite file> [requests] [concurrency]
// e.g. against the standalone build (the api rate limit would cap one address at 100 req/s):
//   (cd .next/standalone && PORT=14205 APP_URL=http://127.0.0.1:14205 DB_CONNECTION_STRING=/tmp/bench.db \
//      ENCRYPTION_KEY=bench-bench-bench-bench DISABLE_RATE_LIMITING=true node server.mjs) &
//   node bench/token-endpoint.mjs http://127.0.0.1:14205 /tmp/bench.db 2000 16
// The load generator shares the machine with the server: compare runs on the same machine only.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import Database from "better-sqlite3";

const base = process.argv[2] ?? "http://127.0.0.1:1411";
const dbFile = process.argv[3];
const n = Number(process.argv[4] ?? 2000);
const conc = Number(process.argv[5] ?? 16);
if (!dbFile) {
  console.error("usage: node bench/token-endpoint.mjs <baseUrl> <sqlite file> [requests] [concurrency]");
  process.exit(1);
}

const sha256 = (s) => createHash("sha256").update(s).digest("hex");
const iso = (d) => d.toISOString().replace("Z", "+00:00");
const callback = "https://bench.example.com/cb";
const clientId = `bench-${randomBytes(3).toString("hex")}`;
const secret = randomBytes(24).toString("base64url");
const sessionToken = randomBytes(32).toString("base64url");

// Wait for the server (it migrates the database on start), then seed.
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/healthz`)).ok) break;
  } catch {
    /* not up yet */
  }
  if (i > 120) throw new Error("server did not come up");
  await new Promise((r) => setTimeout(r, 500));
}
const db = new Database(dbFile);
const now = new Date();
const userId = randomUUID();
db.prepare(`INSERT INTO users (id, updated_at, username, username_key, email, first_name, last_name, display_name) VALUES (?, ?, ?, ?, ?, 'Bench', 'User', 'Bench User')`)
  .run(userId, iso(now), clientId, clientId, `${clientId}@example.com`);
db.prepare(`INSERT INTO sessions (id, token_hash, user_id, amr, auth_time, expires_at) VALUES (?, ?, ?, '["phr"]', ?, ?)`)
  .run(randomUUID(), sha256(sessionToken), userId, iso(now), iso(new Date(now.getTime() + 3600_000)));
db.prepare(`INSERT INTO oidc_clients (id, updated_at, name, callback_urls, skip_consent) VALUES (?, ?, 'Bench', ?, 1)`)
  .run(clientId, iso(now), JSON.stringify([callback]));
db.prepare(`INSERT INTO oidc_client_secrets (id, client_id, secret_hash, prefix) VALUES (?, ?, ?, ?)`)
  .run(randomUUID(), clientId, sha256(secret), secret.slice(0, 4));
db.close();

const basic = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString("base64")}`;
const cookie = `access_token=${sessionToken}`;

async function post(form) {
  const res = await fetch(`${base}/api/oidc/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", authorization: basic },
    body: new URLSearchParams(form),
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return body;
}

async function code() {
  const q = new URLSearchParams({ response_type: "code", client_id: clientId, redirect_uri: callback, scope: "openid profile email groups", state: randomBytes(8).toString("hex") });
  const res = await fetch(`${base}/authorize?${q}`, { headers: { cookie }, redirect: "manual" });
  const loc = new URL(res.headers.get("location"));
  const c = loc.searchParams.get("code");
  if (!c) throw new Error(`no code: ${loc}`);
  return c;
}

/** Runs `count` calls of `fn(i)` on `conc` workers; prints req/s and latency percentiles. */
async function measure(label, count, fn) {
  let started = 0;
  const lat = [];
  async function worker(w) {
    while (started < count) {
      const i = started++;
      const t = performance.now();
      await fn(i, w);
      lat.push(performance.now() - t);
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, (_, w) => worker(w)));
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(1);
  console.log(`${label.padEnd(28)} ${String(Math.round(lat.length / seconds)).padStart(6)} req/s   p50 ${q(0.5)} ms   p99 ${q(0.99)} ms   (${count} requests, ${conc} concurrent)`);
}

// Warm-up: route compilation, key loading, connection pools.
for (let i = 0; i < 20; i++) await post({ grant_type: "client_credentials" });

await measure("client_credentials", n, () => post({ grant_type: "client_credentials" }));

const codes = [];
await measure("authorize (code issued)", n, async () => codes.push(await code()));
await measure("authorization_code", n, (i) => post({ grant_type: "authorization_code", code: codes[i], redirect_uri: callback }));

// One refresh chain per worker: each worker rotates its own token, as real clients do.
const chains = [];
for (let w = 0; w < conc; w++) chains.push((await post({ grant_type: "authorization_code", code: await code(), redirect_uri: callback })).refresh_token);
await measure("refresh_token (rotation)", n, async (_i, w) => {
  chains[w] = (await post({ grant_type: "refresh_token", refresh_token: chains[w] })).refresh_token;
});
