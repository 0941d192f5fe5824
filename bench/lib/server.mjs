// The server under test: the standalone build (.next/standalone, what the Docker image runs),
// rebuilt when missing or older than the sources, started on a fresh database in a temp dir.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onCleanup, spawnTracked } from "./processes.mjs";

/** Folders that never feed the build (bench/ included: editing the bench must not rebuild). */
const NOT_SOURCES = new Set(["node_modules", ".next", "data", "generated", "test-results", "playwright-report", ".git", "bench", "e2e", "tests", "examples"]);

function newestSource(dir, acc = 0) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_SOURCES.has(e.name) || e.name.startsWith(".")) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) acc = newestSource(p, acc);
    else if (/\.(tsx?|css|mjs|json|prisma|sql)$/.test(e.name)) acc = Math.max(acc, statSync(p).mtimeMs);
  }
  return acc;
}

/** Builds .next/standalone unless it exists and is newer than every source file. */
export function ensureStandaloneBuild(root, { force = false, skip = false } = {}) {
  const marker = join(root, ".next", "standalone", "server.mjs");
  const built = existsSync(marker) ? statSync(marker).mtimeMs : 0;
  if (skip) {
    if (!built) throw new Error("--skip-build: there is no standalone build (.next/standalone/server.mjs); run without --skip-build");
    return false;
  }
  if (!force && built && built >= newestSource(root)) return false;
  console.log(built ? "[bench] sources changed since the standalone build: rebuilding..." : "[bench] no standalone build yet: building (a few minutes)...");
  execFileSync(process.execPath, [join(root, "scripts", "build-standalone.mjs")], { cwd: root, stdio: "inherit" });
  return true;
}

/** Polls GET /healthz until it answers 2xx; resolves to the milliseconds since `since`. */
export async function waitHealthy(baseUrl, since, { timeoutMs = 60_000, child } = {}) {
  for (;;) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was healthy`);
    try {
      const r = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) });
      await r.arrayBuffer();
      if (r.ok) return performance.now() - since;
    } catch {}
    if (performance.now() - since > timeoutMs) throw new Error(`${baseUrl}/healthz did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Starts `node server.mjs` of the standalone build with its working directory, database, keys and
 * uploads in a fresh temp dir. Returns { child, baseUrl, startMs, staticApiKey, dataDir, logs }.
 */
/** The V8 flag the shipped launchers give the server (package.json start, Dockerfile CMD): measured as shipped. */
export const SHIPPED_NODE_ARGS = ["--max-semi-space-size=4"];

export async function startServer(root, { port, databaseUrl, env: extraEnv = {}, nodeArgs = [] }) {
  const dataDir = mkdtempSync(join(tmpdir(), "pocketid-bench-"));
  onCleanup(() => rmSync(dataDir, { recursive: true, force: true }));
  const baseUrl = `http://127.0.0.1:${port}`;
  const staticApiKey = randomBytes(24).toString("hex");
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LANG: process.env.LANG ?? "C.UTF-8",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    APP_URL: baseUrl,
    HOST: "127.0.0.1",
    PORT: String(port),
    ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    DB_CONNECTION_STRING: databaseUrl ?? join(dataDir, "pocket-id.db"),
    KEYS_PATH: join(dataDir, "keys"),
    UPLOAD_PATH: join(dataDir, "uploads"),
    GEOLITE_DB_PATH: join(dataDir, "GeoLite2-City.mmdb"),
    STATIC_API_KEY: staticApiKey,
    // The working directory is the temp dir (nothing lands in the build): migrations come from the build.
    MIGRATIONS_ROOT: join(root, ".next", "standalone", "prisma"),
    LOG_LEVEL: "warn",
    // All load comes from one address: the per-address limits (inventory §1.2: 100 requests/s on
    // /api, /authorize and /.well-known; passkey sign-in burst 10) would answer 429 after the
    // first few hundred requests. The bench measures capacity, so they are off for the run.
    DISABLE_RATE_LIMITING: "true",
    ...extraEnv,
  };
  const logs = [];
  const started = performance.now();
  const child = spawnTracked(process.execPath, [...SHIPPED_NODE_ARGS, ...nodeArgs, join(root, ".next", "standalone", "server.mjs")], { cwd: dataDir, env });
  const keep = (chunk) => {
    logs.push(chunk.toString());
    if (logs.length > 200) logs.shift();
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let startMs;
  try {
    startMs = await waitHealthy(baseUrl, started, { child });
  } catch (e) {
    throw new Error(`${e.message}\n--- server output ---\n${logs.join("").slice(-4000)}`);
  }
  return { child, baseUrl, startMs, staticApiKey, dataDir, logs };
}
