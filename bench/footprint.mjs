// Footprint of `npm start` (issue 10 item 4): the process tree it leaves running with each
// process's memory (RSS, and PSS, which splits pages shared between processes), the time from
// spawn to the first 204 on /healthz, the server's CPU time per request under a fixed load, the
// tree's memory idle, right after that load and 30 s later, and how it stops on SIGINT.
//   node bench/footprint.mjs [--port 14445] [--requests 2000] [--concurrency 16] [--json]
//                            [--direct [--dir DIR]]
// --direct starts `node server.mjs` in .next/standalone (what the Docker image runs, with its Node
// flag; --dir for another folder) instead of `npm start` in the repository;
// NODE_OPTIONS reaches either. Each run gets a fresh SQLite database in a temporary folder. When
// `npm start` finds the build missing or older than its sources it builds first (the start time
// then says "incl. build"). Figures are for this machine and this moment: compare runs made
// together (the load average is printed), and never turn them into a test's pass/fail.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SHIPPED_NODE_ARGS } from "./lib/server.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const port = Number(opt("port", process.env.FOOTPRINT_PORT ?? 14445));
const requests = Number(opt("requests", 2000));
const concurrency = Number(opt("concurrency", 16));
const direct = argv.includes("--direct");
const directDir = opt("dir", join(root, ".next", "standalone"));
const asJson = argv.includes("--json");
const base = `http://127.0.0.1:${port}`;
const apiKey = "footprint-static-api-key-0123456789";
const say = (...a) => {
  if (!asJson) console.log(...a);
};

// ---- /proc: the tree below a pid, with resident (RSS) and proportional (PSS) memory ----
function proc(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (key) => Number(status.match(new RegExp(`^${key}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
    let pss = 0;
    try {
      pss = Number(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+)/m)?.[1] ?? 0);
    } catch {
      /* not readable: leave 0 */
    }
    const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return { pid, ppid, rssMB: kb("VmRSS") / 1024, pssMB: pss / 1024, cmd };
  } catch {
    return null; // exited meanwhile
  }
}
function tree(rootPid) {
  const all = readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number).map(proc).filter(Boolean);
  const out = [];
  const walk = (pid, depth) => {
    const p = all.find((x) => x.pid === pid);
    if (!p) return;
    out.push({ ...p, depth });
    for (const c of all.filter((x) => x.ppid === pid)) walk(c.pid, depth + 1);
  };
  walk(rootPid, 0);
  return out;
}
const total = (t, k) => t.reduce((s, p) => s + p[k], 0);
const mb = (n) => `${n.toFixed(0)} MB`;
function show(title, t) {
  say(`${title}: ${t.length} process(es), RSS ${mb(total(t, "rssMB"))}, PSS ${mb(total(t, "pssMB"))}`);
  for (const p of t) say(`  ${"  ".repeat(p.depth)}${String(p.pid).padEnd(7)} RSS ${mb(p.rssMB).padStart(7)}  PSS ${mb(p.pssMB).padStart(7)}  ${p.cmd.slice(0, 90)}`);
}
const snapshot = (t) => ({ processes: t.map(({ pid, ppid, rssMB, pssMB, cmd }) => ({ pid, ppid, rssMB: Math.round(rssMB), pssMB: Math.round(pssMB), cmd })), rssMB: Math.round(total(t, "rssMB")), pssMB: Math.round(total(t, "pssMB")) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- start ----
const data = mkdtempSync(join(tmpdir(), "footprint-"));
const env = {
  ...process.env,
  PORT: String(port),
  HOST: "127.0.0.1",
  APP_URL: base,
  DB_CONNECTION_STRING: join(data, "pocket-id.db"),
  KEYS_PATH: join(data, "keys"),
  UPLOAD_PATH: join(data, "uploads"),
  ENCRYPTION_KEY: "footprint-encryption-key-0123456789",
  STATIC_API_KEY: apiKey,
  // The load comes from one address: the per-IP limits would answer 429 instead of doing the work.
  DISABLE_RATE_LIMITING: "true",
  NEXT_TELEMETRY_DISABLED: "1",
};
say(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; ${direct ? "node server.mjs (standalone)" : "npm start"} on ${base}`);
const t0 = performance.now();
const child = direct
  ? spawn(process.execPath, [...SHIPPED_NODE_ARGS, "server.mjs"], { cwd: directDir, env, stdio: ["ignore", "pipe", "pipe"], detached: true })
  : spawn("npm", ["start"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
// Own process group: if this script fails half-way, everything it started goes with it.
const killGroup = () => {
  try {
    process.kill(-child.pid, "SIGKILL");
  } catch {
    /* already gone */
  }
};
process.on("exit", killGroup);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));
process.on("uncaughtException", (e) => {
  console.error(e);
  process.exit(1);
});
let output = "";
let built = false;
for (const s of [child.stdout, child.stderr]) {
  s.on("data", (c) => {
    output += c;
    if (String(c).includes("[start] building")) built = true;
  });
}
let exited = null;
const exitedP = new Promise((r) => child.on("exit", (code, signal) => r((exited = { code, signal }))));

let healthyMs;
for (;;) {
  if (exited) {
    console.error(output);
    throw new Error(`the server exited before it was healthy (${JSON.stringify(exited)})`);
  }
  try {
    const r = await fetch(`${base}/healthz`);
    if (r.status === 204) {
      healthyMs = performance.now() - t0;
      break;
    }
  } catch {
    /* not listening yet */
  }
  if (performance.now() - t0 > 600_000) throw new Error("not healthy after 10 minutes");
  await sleep(20);
}
say(`start to healthy: ${(healthyMs / 1000).toFixed(2)} s${built ? " (incl. build)" : ""}`);

// Idle: give the start-up work (Next.js preloading route modules, the first GC) time to settle.
await sleep(5000);
const idle = tree(child.pid);
show("idle", idle);

// ---- fixed load: a confidential client (through the static API key) and a mix of endpoints ----
async function api(method, path, body) {
  const r = await fetch(base + path, { method, headers: { "x-api-key": apiKey, "content-type": "application/json" }, body: body && JSON.stringify(body) });
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${await r.text()}`);
  return r.json();
}
const client = await api("POST", "/api/oidc/clients", { name: "Footprint", callbackURLs: ["https://footprint.example.com/cb"] });
const { secret } = await api("POST", `/api/oidc/clients/${client.id}/secrets`, {});
const basic = `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
const load = [
  ["GET /healthz", () => fetch(`${base}/healthz`)],
  ["GET discovery", () => fetch(`${base}/.well-known/openid-configuration`)],
  ["GET jwks", () => fetch(`${base}/.well-known/jwks.json`)],
  ["POST token (client_credentials)", () => fetch(`${base}/api/oidc/token`, { method: "POST", headers: { authorization: basic, "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" })],
  ["GET /login", () => fetch(`${base}/login`, { redirect: "manual" })],
  ["GET /authorize (no session)", () => fetch(`${base}/authorize?client_id=${client.id}&response_type=code&scope=openid&redirect_uri=${encodeURIComponent("https://footprint.example.com/cb")}`, { redirect: "manual" })],
];
// CPU time the server spends per request: steadier than requests/s on a machine shared with the
// load generator and other work, so it shows what a setting costs.
const serverPid = idle.reduce((a, b) => (b.depth > a.depth ? b : a)).pid;
const cpuMs = () => {
  const stat = readFileSync(`/proc/${serverPid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime + stime, in clock ticks of 10 ms
};
const results = [];
for (const [name, call] of load) {
  const cpu0 = cpuMs();
  let started = 0;
  const statuses = {};
  const t = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < requests) {
        started++;
        const r = await call();
        await r.arrayBuffer();
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  const rps = Math.round(requests / ((performance.now() - t) / 1000));
  const cpuPerRequestMs = (cpuMs() - cpu0) / requests;
  results.push({ name, requests, rps, cpuPerRequestMs, statuses });
  say(`  ${name.padEnd(32)} ${String(rps).padStart(5)} req/s  ${cpuPerRequestMs.toFixed(2).padStart(6)} ms CPU/request  ${JSON.stringify(statuses)}`);
}
const loaded = tree(child.pid);
show(`after ${requests * load.length} requests`, loaded);
// V8 gives memory back when the process goes idle (its memory reducer starts about 8 s after the
// last busy period), so the figure right after the load is the high-water mark, not the resting one.
await sleep(30_000);
const settled = tree(child.pid);
show("30 s later", settled);

// ---- stop as Ctrl-C does: SIGINT to the whole process group would reach npm and the server alike;
// here the signal goes to the top process only, which must pass it on.
const pids = loaded.map((p) => p.pid);
const tStop = performance.now();
child.kill("SIGINT");
const { code, signal } = await exitedP;
await sleep(200);
const left = pids.filter((pid) => proc(pid));
say(`SIGINT: exit code ${code}${signal ? ` (signal ${signal})` : ""} after ${Math.round(performance.now() - tStop)} ms; processes left running: ${left.length ? left.join(", ") : "none"}`);
rmSync(data, { recursive: true, force: true });
if (asJson) {
  console.log(JSON.stringify({ mode: direct ? "direct" : "npm start", loadavg: loadavg(), healthyMs: Math.round(healthyMs), built, idle: snapshot(idle), afterLoad: snapshot(loaded), settled: snapshot(settled), load: results, exit: { code, signal }, leftRunning: left }, null, 2));
}
