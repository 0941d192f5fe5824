// `npm run bench`: throughput and latency of this server, side by side with node-oidc-provider and
// the floors of this machine, in one table. See README "Performance".
//
//   npm run bench                        SQLite, 10 s per endpoint (about 4-5 minutes in all)
//   npm run bench -- --postgres          the same on a private PostgreSQL (scripts/pg-temp.mjs)
//   npm run bench -- --quick             3 s per endpoint, for development
//   options: --duration <s>  --connections <n>  --port <first port>  --only <word,...>
//            --no-oidc-provider  --skip-build  --out <file.md>  --server-env KEY=VALUE (repeatable)
//   npm run bench -- --server-env FAST_PATH=off   everything through Next.js's router (server.mjs's fast path off)
//   npm run bench -- --only token --node-arg=--cpu-prof --node-arg=--cpu-prof-dir=/tmp/prof   a CPU profile of the server
//
// Everything it starts (the standalone server, node-oidc-provider, the node:http floor, PostgreSQL)
// runs on 127.0.0.1 and is stopped when it ends, fails or is interrupted.
import { fork } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign as cryptoSign } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { load, percentile } from "./lib/load.mjs";
import { expectStatus, request } from "./lib/http.mjs";
import { cleanupAll, installSignalHandlers, onCleanup, spawnTracked, stopChild, track, treeCpuMs, treeRssMb } from "./lib/processes.mjs";
import { ensureStandaloneBuild, startServer } from "./lib/server.mjs";
import { freePort } from "../scripts/pg-temp.mjs";
import { CALLBACK, consentPageUrl, exchangeCode, mintCodes, passkeySignIn, seedOurs } from "./lib/ours.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values: args } = parseArgs({
  options: {
    duration: { type: "string" },
    connections: { type: "string", default: "16" },
    quick: { type: "boolean", default: false },
    postgres: { type: "boolean", default: false },
    port: { type: "string" },
    only: { type: "string" },
    "no-oidc-provider": { type: "boolean", default: false },
    "skip-build": { type: "boolean", default: false },
    "server-env": { type: "string", multiple: true, default: [] },
    "node-arg": { type: "string", multiple: true, default: [] },
    out: { type: "string", default: join(root, "bench", "results", "latest.md") },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (args.help) {
  console.log(
    "npm run bench -- [--quick] [--duration <seconds, default 10>] [--connections <n, default 16>] [--postgres]\n" +
      "                 [--port <first of 4 ports>] [--only <word,...>] [--no-oidc-provider] [--skip-build] [--out <file.md>]\n" +
      "                 [--server-env KEY=VALUE ...] (extra environment for the server under test, e.g. FAST_PATH=off)\n" +
      "                 [--node-arg <flag> ...] (extra Node flags for the server under test, e.g. --cpu-prof --cpu-prof-dir=/tmp/prof)",
  );
  process.exit(0);
}
const DURATION = Number(args.duration ?? (args.quick ? 3 : 10));
const CONNECTIONS = Number(args.connections);
/** Seconds of untimed load before each fixed-request endpoint. */
const WARMUP = 1;
if (!(DURATION > 0) || !(CONNECTIONS > 0)) throw new Error("--duration and --connections take positive numbers");
const only = args.only ? args.only.split(",").map((s) => s.trim().toLowerCase()).filter(Boolean) : null;
/** `name` lists the words a phase answers to (--only token picks all three grants). */
const wanted = (name) => !only || only.some((w) => name.toLowerCase().includes(w));

const basePort = args.port ? Number(args.port) : null;
// The server under test, node-oidc-provider, the node:http floor, the framework-floor server.
const ports = basePort ? [basePort, basePort + 1, basePort + 2, basePort + 3] : [await freePort(), await freePort(), await freePort(), await freePort()];
const serverEnv = Object.fromEntries(
  args["server-env"].map((kv) => {
    const i = kv.indexOf("=");
    if (i < 1) throw new Error(`--server-env takes KEY=VALUE, got "${kv}"`);
    return [kv.slice(0, i), kv.slice(i + 1)];
  }),
);

const log = (msg) => console.log(`[bench] ${msg}`);
const rows = [];
const notes = [];
const loadBefore = os.loadavg();
let measureStarted = performance.now();

/** One row of ours (and optionally node-oidc-provider's figures for the same endpoint). */
function addRow(name, ours, nop = null, { noRatio = false } = {}) {
  rows.push({ name, ours, nop, noRatio });
  for (const [who, r] of [["ours", ours], ["node-oidc-provider", nop]]) {
    if (r?.errors && r.statuses) notes.push(`${name}, ${who}: ${r.errors} errors; statuses ${Object.entries(r.statuses).map(([k, v]) => `${k}×${v}`).join(", ")}${r.socketErrors ? `, ${r.socketErrors} socket errors/timeouts` : ""}`);
  }
  const f = (r) => (r?.missing ? r.missing : r ? `${Math.round(r.rps)} req/s  p50 ${fmtMs(r.p50)}  p99 ${fmtMs(r.p99)}  errors ${r.errors}${cpuText(r)}` : "-");
  log(`${name.padEnd(40)} ${f(ours)}${nop ? `   | node-oidc-provider ${f(nop)}` : ""}`);
}
const fmtMs = (v) => (v == null ? "-" : v < 10 ? v.toFixed(2) : v.toFixed(1));
const cpuText = (r) => (r?.cpuMsPerReq != null ? `  server CPU ${r.cpuMsPerReq.toFixed(2)} ms/req` : "");

/** Checks one request answers as the load phase expects before loading it. */
async function probe(what, res, status, check) {
  expectStatus(res, status, what);
  if (check && !check(res)) throw new Error(`${what}: unexpected answer ${res.text.slice(0, 300)}`);
  return res;
}

const formBody = (form) => new URLSearchParams(form).toString();
const FORM = "application/x-www-form-urlencoded";

// ---------------------------------------------------------------- RS256 signing floor
function signingFloor(seconds, modulusLength) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength });
  const header = Buffer.from(JSON.stringify({ alg: "RS256", typ: "JWT", kid: "bench" })).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  const payload = Buffer.from(
    JSON.stringify({ iss: "http://127.0.0.1:1411", sub: "5f0c8d9e-1a2b-4c3d-9e8f-0123456789ab", aud: "bench-web", iat: now, exp: now + 3600, jti: randomBytes(16).toString("hex"), scope: "openid profile email groups", client_id: "bench-web" }),
  ).toString("base64url");
  const input = Buffer.from(`${header}.${payload}`);
  const lat = [];
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  while (performance.now() < end) {
    const t = performance.now();
    cryptoSign("sha256", input, privateKey);
    lat.push(performance.now() - t);
  }
  const total = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { requests: lat.length, seconds: total, rps: lat.length / total, p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), errors: 0 };
}

/** The passkey sign-in ceremony, one at a time (the server time of each request), for `seconds`. */
async function ceremonies(baseUrl, authenticator, seconds) {
  const start = [];
  const finish = [];
  const whole = [];
  let errors = 0;
  let firstError = null;
  const end = performance.now() + seconds * 1000;
  const t0 = performance.now();
  // One keep-alive connection, as a browser holds for the two requests of a sign-in.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  while (performance.now() < end) {
    try {
      const r = await passkeySignIn(baseUrl, authenticator, { agent });
      start.push(r.startMs);
      finish.push(r.finishMs);
      whole.push(r.startMs + r.finishMs);
    } catch (e) {
      errors++;
      firstError ??= e.message;
    }
  }
  agent.destroy();
  const total = (performance.now() - t0) / 1000;
  const stat = (lat) => {
    lat.sort((a, b) => a - b);
    return { requests: lat.length, seconds: total, rps: lat.length / total, p50: percentile(lat, 0.5), p99: percentile(lat, 0.99), errors };
  };
  if (firstError) notes.push(`passkey sign-in: ${errors} failed ceremonies, the first: ${firstError}`);
  return { start: stat(start), finish: stat(finish), whole: stat(whole) };
}

// ---------------------------------------------------------------- node-oidc-provider
async function startOidcProvider(port, modulusLength) {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength });
  const jwk = { ...privateKey.export({ format: "jwk" }), kid: "bench-rs256", use: "sig", alg: "RS256" };
  const secrets = { service: randomBytes(24).toString("base64url"), web: randomBytes(24).toString("base64url") };
  const started = performance.now();
  const child = fork(join(root, "bench", "lib", "oidc-provider-server.mjs"), [], {
    env: { ...process.env, NODE_ENV: "production", BENCH_OP_CONFIG: JSON.stringify({ port, jwk, secrets }) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true,
  });
  track(child);
  const logs = [];
  child.stdout.on("data", (c) => logs.push(String(c)));
  child.stderr.on("data", (c) => logs.push(String(c)));
  await new Promise((resolve, reject) => {
    child.once("message", (m) => (m.ready ? resolve() : reject(new Error("node-oidc-provider did not start"))));
    child.once("exit", (code) => reject(new Error(`node-oidc-provider exited (${code}): ${logs.join("").slice(-2000)}`)));
  });
  let nextId = 0;
  const call = (msg) =>
    new Promise((resolve, reject) => {
      const id = ++nextId;
      const onMessage = (m) => {
        if (m.id !== id) return;
        child.off("message", onMessage);
        if (m.error) reject(new Error(m.error));
        else resolve(m);
      };
      child.on("message", onMessage);
      child.send({ ...msg, id });
    });
  const basic = (id, secret) => `Basic ${Buffer.from(`${id}:${secret}`).toString("base64")}`;
  return {
    child,
    baseUrl: `http://127.0.0.1:${port}`,
    startMs: performance.now() - started,
    logs,
    service: { basic: basic("bench-service", secrets.service) },
    web: { basic: basic("bench-web", secrets.web) },
    mintCodes: async (n) => (await call({ mintCodes: n })).codes,
  };
}

// ---------------------------------------------------------------- the phases of one server
/**
 * The endpoints both servers have: discovery, JWKS, the token endpoint's three grants, userinfo,
 * introspection. `target` = { baseUrl, paths, service, web, codes(n), label }.
 */
async function protocolPhases(target) {
  const out = new Proxy({}, {
    set(o, key, value) {
      o[key] = value;
      if (!value.missing) log(`${target.label.padEnd(18)} ${String(key).padEnd(20)} ${Math.round(value.rps)} req/s  p50 ${fmtMs(value.p50)}  p99 ${fmtMs(value.p99)}  errors ${value.errors}${cpuText(value)}`);
      return true;
    },
  });
  const { baseUrl, paths } = target;
  // Every phase also measures the server's CPU time per request (its process tree).
  const measure = (opts) => load({ ...opts, cpu: () => treeCpuMs(target.pid) });
  for (const [key, path] of [["discovery", paths.discovery], ["jwks", paths.jwks]]) {
    if (!wanted(key)) continue;
    const res = await probe(`${target.label} ${path}`, await request(baseUrl, path), 200);
    out[key] = await measure({ url: baseUrl + path, duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
    const etag = res.headers.etag;
    if (etag) {
      await probe(`${target.label} ${path} If-None-Match`, await request(baseUrl, path, { headers: { "if-none-match": etag } }), 304);
      out[`${key}304`] = await measure({ url: baseUrl + path, headers: { "if-none-match": etag }, expect: [304], duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
    } else {
      out[`${key}304`] = { missing: "no ETag" };
    }
  }
  const tokenUrl = baseUrl + paths.token;
  if (wanted("token client_credentials")) {
    const form = { grant_type: "client_credentials" };
    await probe(`${target.label} client_credentials`, await request(baseUrl, paths.token, { form, headers: { authorization: target.service.basic } }), 200, (r) => !!r.json().access_token);
    out.clientCredentials = await measure({ url: tokenUrl, method: "POST", headers: { "content-type": FORM, authorization: target.service.basic }, body: formBody(form), duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
  }

  // A token set for userinfo, introspection and the refresh chains.
  let tokens = null;
  const needTokens = ["refresh_token", "userinfo", "introspection", "authorization_code"].some(wanted);
  if (needTokens) tokens = await exchangeCode(baseUrl, target.web, (await target.codes(1))[0], paths.token);

  if (wanted("token authorization_code authorize")) {
    const codes = await target.codes(null);
    const spare = CONNECTIONS;
    const amount = codes.length - spare;
    const pool = codes.slice();
    if (amount < CONNECTIONS * 2) out.authorizationCode = { missing: `only ${codes.length} codes minted` };
    else out.authorizationCode = await measure({
      url: tokenUrl,
      method: "POST",
      amount,
      requests: [
        {
          method: "POST",
          headers: { "content-type": FORM, authorization: target.web.basic },
          setupRequest(req) {
            req.body = formBody({ grant_type: "authorization_code", code: pool.pop() ?? "none-left", redirect_uri: CALLBACK });
            return req;
          },
        },
      ],
      duration: DURATION,
      connections: CONNECTIONS,
    });
  }

  if (wanted("token refresh_token")) {
    // One rotation chain per connection: each answer's new refresh token goes back to the pool
    // for the next request (autocannon records a response before it builds the next request).
    const pool = [];
    const seedCodes = await target.codes(CONNECTIONS + 4);
    for (const code of seedCodes) pool.push((await exchangeCode(baseUrl, target.web, code, paths.token)).refresh_token);
    let lost = 0;
    out.refreshToken = await measure({
      url: tokenUrl,
      method: "POST",
      requests: [
        {
          method: "POST",
          headers: { "content-type": FORM, authorization: target.web.basic },
          setupRequest(req) {
            req.body = formBody({ grant_type: "refresh_token", refresh_token: pool.shift() ?? "none-left" });
            return req;
          },
          onResponse(status, body) {
            if (status === 200) pool.push(JSON.parse(body).refresh_token);
            else lost++;
          },
        },
      ],
      duration: DURATION,
      connections: CONNECTIONS,
    });
    if (lost) out.refreshToken.note = `${lost} chains broke`;
  }

  if (wanted("userinfo")) {
    const headers = { authorization: `Bearer ${tokens.access_token}` };
    await probe(`${target.label} userinfo`, await request(baseUrl, paths.userinfo, { headers }), 200, (r) => !!r.json().sub);
    out.userinfo = await measure({ url: baseUrl + paths.userinfo, headers, duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
  }
  if (wanted("introspection")) {
    const form = { token: tokens.access_token };
    const headers = { "content-type": FORM, authorization: target.web.basic };
    await probe(`${target.label} introspection`, await request(baseUrl, paths.introspect, { form, headers: { authorization: target.web.basic } }), 200, (r) => r.json().active === true);
    out.introspection = await measure({ url: baseUrl + paths.introspect, method: "POST", headers, body: formBody(form), duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
  }
  return out;
}

// ---------------------------------------------------------------- main
installSignalHandlers();
let exitCode = 0;
try {
  ensureStandaloneBuild(root, { skip: args["skip-build"] });
  measureStarted = performance.now();

  let databaseUrl;
  if (args.postgres) {
    const { startTempPostgres } = await import(join(root, "scripts", "pg-temp.mjs"));
    log("starting a private PostgreSQL...");
    const pg = await startTempPostgres();
    onCleanup(() => pg.stop());
    databaseUrl = pg.url;
  }

  // --- floors, measured before the server under test starts (its start time and memory stay its own)
  if (wanted("floor")) {
    const floorServer = spawnTracked(process.execPath, [join(root, "bench", "lib", "floor-server.mjs")], { env: { ...process.env, PORT: String(ports[2]) } });
    await new Promise((resolve) => floorServer.stdout.once("data", resolve));
    const nodeFloor = await load({ url: `http://127.0.0.1:${ports[2]}/`, expect: [204], duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
    await stopChild(floorServer);
    addRow("node:http 204 (machine floor)", nodeFloor);
  }
  // The framework floor is a route handler that does nothing (/healthz) as Next.js serves it. A
  // server.mjs with a fast path (FAST_PATH) answers /healthz itself: then a second instance with
  // FAST_PATH=off serves the floor.
  const hasFastPath = readFileSync(join(root, ".next", "standalone", "server.mjs"), "utf8").includes("FAST_PATH");
  let frameworkFloor;
  let frameworkFloorName = "/healthz (a Next.js route handler that does nothing)";
  if (hasFastPath && serverEnv.FAST_PATH?.toLowerCase() !== "off") {
    log(`measuring the Next.js floor on a second instance with FAST_PATH=off (port ${ports[3]})...`);
    const bare = await startServer(root, { port: ports[3], env: { ...serverEnv, FAST_PATH: "off" } });
    // A longer warm-up: the instance has just started, and this row is the yardstick of all ratios.
    frameworkFloor = await load({ url: `${bare.baseUrl}/healthz`, expect: [204], duration: DURATION, connections: CONNECTIONS, warmup: 3 * WARMUP, cpu: () => treeCpuMs(bare.child.pid) });
    await stopChild(bare.child);
    frameworkFloorName = "/healthz with FAST_PATH=off (a route handler that does nothing, through Next.js)";
    addRow("/healthz through Next.js (framework floor)", frameworkFloor);
  }

  log(`starting the standalone server on ${args.postgres ? "PostgreSQL" : "SQLite"} (port ${ports[0]})...`);
  const server = await startServer(root, { port: ports[0], databaseUrl, env: serverEnv, nodeArgs: args["node-arg"] });
  const rssIdleBoot = treeRssMb(server.child.pid);
  const processes = treeRssMb.lastCount;
  log(`healthy ${Math.round(server.startMs)} ms after spawn; RSS ${rssIdleBoot ?? "?"} MB (${processes} process${processes === 1 ? "" : "es"})`);

  log("seeding: first admin, passkey (registration ceremony), clients, users...");
  const seed = await seedOurs(server.baseUrl, server.staticApiKey);
  const jwks = (await request(server.baseUrl, "/.well-known/jwks.json")).json();
  const rsa = jwks.keys.find((k) => k.kty === "RSA");
  const modulusLength = rsa ? Buffer.from(rsa.n, "base64url").length * 8 : 2048;
  const rssIdle = treeRssMb(server.child.pid);

  // With --only naming other endpoints and the floor measured on its own instance, the fast path's
  // /healthz is skipped: a CPU profile (--node-arg=--cpu-prof) then holds only what was asked for.
  if (!frameworkFloor || wanted("healthz")) {
    const healthz = await load({ url: `${server.baseUrl}/healthz`, expect: [204], duration: DURATION, connections: CONNECTIONS, warmup: WARMUP, cpu: () => treeCpuMs(server.child.pid) });
    frameworkFloor ??= healthz;
    addRow(frameworkFloor === healthz ? "/healthz (framework floor)" : "/healthz (fast path)", healthz);
  }
  if (wanted("floor") || wanted("sign")) {
    addRow(`RS256 sign ${modulusLength}-bit (1 thread, ops/s)`, signingFloor(Math.min(DURATION, 3), modulusLength), null, { noRatio: true });
  }

  // --- ours: protocol endpoints
  let mintedFor = null;
  const oursTarget = {
    label: "ours",
    pid: server.child.pid,
    baseUrl: server.baseUrl,
    paths: { discovery: "/.well-known/openid-configuration", jwks: "/.well-known/jwks.json", token: "/api/oidc/token", userinfo: "/api/oidc/userinfo", introspect: "/api/oidc/introspect" },
    service: seed.service,
    web: seed.web,
    // n = null: as many codes as /authorize gives in one phase's time (the exchange phase then
    // runs until they are used up).
    async codes(n) {
      if (n !== null) return mintCodes(server.baseUrl, seed, { count: n, seconds: 120, concurrency: 4 });
      log(`minting authorization codes through /authorize for ${DURATION} s...`);
      const t = performance.now();
      const stats = { latencies: [], errors: 0, firstError: null };
      const codes = await mintCodes(server.baseUrl, seed, { count: 50_000, seconds: DURATION, concurrency: CONNECTIONS, stats });
      const seconds = (performance.now() - t) / 1000;
      const latencies = stats.latencies.sort((a, b) => a - b);
      mintedFor = { requests: codes.length + stats.errors, seconds, rps: (codes.length + stats.errors) / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), errors: stats.errors };
      if (stats.firstError) notes.push(`/authorize: ${stats.errors} requests failed while minting codes, the first: ${stats.firstError}`);
      return codes;
    },
  };
  const ours = await protocolPhases(oursTarget);
  const rssAfterProtocol = treeRssMb(server.child.pid);

  // --- ours: pages and the passkey ceremony
  let loginPage = null;
  let consentPage = null;
  let ceremony = null;
  if (wanted("login page")) {
    await probe("/login", await request(server.baseUrl, "/login"), 200);
    loginPage = await load({ url: `${server.baseUrl}/login`, duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
    log(`ours               /login               ${Math.round(loginPage.rps)} req/s  errors ${loginPage.errors}`);
  }
  if (wanted("consent page")) {
    const url = await consentPageUrl(server.baseUrl, seed);
    const headers = { cookie: seed.browser.header() };
    await probe("consent page", await request(url, "", { headers }), 200, (r) => /bench consent app/i.test(r.text));
    consentPage = await load({ url, headers, duration: DURATION, connections: CONNECTIONS, warmup: WARMUP });
    log(`ours               consent page         ${Math.round(consentPage.rps)} req/s  errors ${consentPage.errors}`);
  }
  if (wanted("passkey")) {
    log(`passkey sign-in ceremonies, one at a time, for ${DURATION} s...`);
    ceremony = await ceremonies(server.baseUrl, seed.authenticator, DURATION);
    log(`ours               passkey sign-in      ${ceremony.finish.requests} ceremonies, finish p50 ${fmtMs(ceremony.finish.p50)} p99 ${fmtMs(ceremony.finish.p99)}, errors ${ceremony.finish.errors}`);
  }
  const rssAfter = treeRssMb(server.child.pid);
  const loadEndedAt = performance.now();

  // --- node-oidc-provider
  let nop = {};
  let nopInfo = null;
  if (!args["no-oidc-provider"]) {
    log(`starting node-oidc-provider (memory adapter, RS256 ${modulusLength}-bit) on port ${ports[1]}...`);
    const op = await startOidcProvider(ports[1], modulusLength);
    const rssOpIdle = treeRssMb(op.child.pid);
    nop = await protocolPhases({
      label: "node-oidc-provider",
      pid: op.child.pid,
      baseUrl: op.baseUrl,
      paths: { discovery: "/.well-known/openid-configuration", jwks: "/jwks", token: "/token", userinfo: "/me", introspect: "/token/introspection" },
      service: op.service,
      web: op.web,
      // Its codes come from its own models: as many as ours minted (at least enough for the phase).
      codes: (n) => op.mintCodes(n ?? Math.max(mintedFor?.requests ?? 0, CONNECTIONS * 8, 5000)),
    });
    nopInfo = { rssIdle: rssOpIdle, rssAfter: treeRssMb(op.child.pid), version: JSON.parse(readFileSync(join(root, "node_modules", "oidc-provider", "package.json"), "utf8")).version };
    await stopChild(op.child);
  }
  // V8 gives memory back once the process idles: the server's resting size 30 s after its last request
  // (it has been idle while node-oidc-provider was measured).
  const idleMs = 30_000 - (performance.now() - loadEndedAt);
  if (idleMs > 0) await new Promise((r) => setTimeout(r, idleMs));
  const rssSettled = treeRssMb(server.child.pid);

  const pair = (label, key) => {
    if (ours[key] || nop[key]) addRow(label, ours[key] ?? null, nop[key] ?? null);
    if (ours[key]?.note) notes.push(`${label}, ours: ${ours[key].note}`);
    if (nop[key]?.note) notes.push(`${label}, node-oidc-provider: ${nop[key].note}`);
  };
  pair("discovery", "discovery");
  pair("discovery, If-None-Match (304)", "discovery304");
  pair("JWKS", "jwks");
  pair("JWKS, If-None-Match (304)", "jwks304");
  pair("token: client_credentials", "clientCredentials");
  if (mintedFor) {
    addRow("/authorize → 302 with a code (signed in, skip consent)", mintedFor);
    notes.push(`token: authorization_code exchanges the ${mintedFor.requests - mintedFor.errors} codes minted through /authorize (the row above) before its phase, which ends when they are used up; node-oidc-provider's codes come from its models.`);
  }
  pair("token: authorization_code", "authorizationCode");
  pair("token: refresh_token (rotation)", "refreshToken");
  pair("userinfo", "userinfo");
  pair("introspection", "introspection");
  if (loginPage) addRow("/login page", loginPage);
  if (consentPage) addRow("consent page (signed in)", consentPage);
  if (ceremony) {
    addRow("passkey sign-in: login/start (1 at a time)", ceremony.start, null, { noRatio: true });
    addRow("passkey sign-in: login/finish (1 at a time)", ceremony.finish, null, { noRatio: true });
    addRow("passkey sign-in: whole ceremony (1 at a time)", ceremony.whole, null, { noRatio: true });
  }

  const loadAfter = os.loadavg();
  const md = renderMarkdown({
    rows,
    floorRps: frameworkFloor.rps,
    floorName: frameworkFloorName,
    machine: {
      cpu: os.cpus()[0]?.model?.trim() ?? "unknown CPU",
      cores: os.availableParallelism?.() ?? os.cpus().length,
      memGb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      os: `${os.type()} ${os.release()}`,
      loadBefore,
      loadAfter,
    },
    conditions: { database: args.postgres ? "PostgreSQL (private, fsync off)" : "SQLite (fresh file)", duration: DURATION, connections: CONNECTIONS, warmup: WARMUP },
    footprint: { processes, startMs: server.startMs, rssIdleBoot, rssIdle, rssAfterProtocol, rssAfter, rssSettled, nop: nopInfo },
    notes,
  });
  console.log(`\n${md}`);
  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(args.out, md);
  log(`table written to ${relative(process.cwd(), args.out) || args.out} (measuring took ${Math.round((performance.now() - measureStarted) / 1000)} s)`);
} catch (e) {
  console.error(`[bench] failed: ${e.stack ?? e}`);
  exitCode = 1;
} finally {
  await cleanupAll();
}
process.exit(exitCode);

function renderMarkdown({ rows, floorRps, floorName, machine, conditions, footprint, notes }) {
  const rps = (r) => (r?.missing ? r.missing : r ? Math.round(r.rps).toLocaleString("en-US") : "–");
  const ms = (v) => (v == null ? "–" : fmtMs(v));
  const ratio = (a, b) => (a && b && !a.missing && !b.missing && b.rps ? (a.rps / b.rps).toFixed(2) : "–");
  const lines = [
    `| endpoint | req/s | p50 ms | p99 ms | errors | server CPU ms/req | ours/Next floor | node-oidc-provider req/s | its p50 / p99 ms | its CPU ms/req | ours/node-oidc-provider |`,
    `|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|`,
  ];
  for (const { name, ours, nop, noRatio } of rows) {
    const floorRatio = ours && !ours.missing && !noRatio && floorRps ? (ours.rps / floorRps).toFixed(2) : "–";
    const cpu = (r) => (r?.cpuMsPerReq != null ? r.cpuMsPerReq.toFixed(2) : "–");
    lines.push(
      `| ${name} | ${rps(ours)} | ${ms(ours?.p50)} | ${ms(ours?.p99)} | ${ours && !ours.missing ? ours.errors : "–"} | ${cpu(ours)} | ${floorRatio} | ${nop ? rps(nop) : "–"} | ${nop && !nop.missing ? `${ms(nop.p50)} / ${ms(nop.p99)}` : "–"} | ${cpu(nop)} | ${ratio(ours, nop)} |`,
    );
  }
  const la = (l) => l.map((v) => v.toFixed(2)).join(", ");
  const fp = footprint;
  return [
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memGb} GB RAM, ${machine.os}, Node ${machine.node}.`,
    `Run: ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, ${conditions.database}, ${conditions.duration} s per endpoint, ${conditions.connections} connections (autocannon in the same process as the driver, on the same machine); load average before ${la(machine.loadBefore)}, after ${la(machine.loadAfter)}.`,
    "",
    ...lines,
    "",
    `ours/Next floor: requests/s divided by those of ${floorName}. Errors: any status other than the expected one (200; 204 for /healthz; 304 with If-None-Match), socket errors and timeouts. Server CPU ms/req: the CPU time (all threads, user and system) the server's process used during the phase, divided by the requests answered; it excludes the database server on PostgreSQL. The passkey rows are server time: one ceremony at a time, start and finish each timed. The per-address rate limits are off for the run (DISABLE_RATE_LIMITING): all load comes from one address.`,
    `Footprint: start to healthy ${Math.round(fp.startMs)} ms; server RSS (${fp.processes} process${fp.processes === 1 ? "" : "es"}) ${fp.rssIdleBoot ?? "?"} MB at start, ${fp.rssIdle ?? "?"} MB after seeding, ${fp.rssAfterProtocol ?? "?"} MB after the protocol endpoints, ${fp.rssAfter ?? "?"} MB at the end of its load, ${fp.rssSettled ?? "?"} MB 30 s later${fp.nop ? `; node-oidc-provider ${fp.nop.version} RSS ${fp.nop.rssIdle} MB idle, ${fp.nop.rssAfter} MB after its run` : ""}.`,
    ...notes.map((n) => `Note: ${n}`),
    "",
  ].join("\n");
}
