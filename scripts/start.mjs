// `npm start`: builds the app on first use (or after a change to what the build is made from), then
// becomes the server: server.mjs runs in this same process, so `npm start` leaves one Node process
// (npm's own stays above it: npm runs every script as its child and waits for it). package.json
// runs this with `exec`, so no shell stays between npm and the server either, and a SIGTERM or
// SIGINT that npm passes on reaches the server, which closes and exits 0; a failed boot exits 1.
// Set SKIP_BUILD=1 to start whatever is built.
import { execFileSync } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dedupeServerChunks } from "./dedupe-server-chunks.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildId = join(root, ".next", "BUILD_ID");

// What `next build` reads: the routes, the code they import (imports resolve into app/, components/
// and lib/ only), static files, the Prisma schemas, and the build's own configuration. Tests, e2e
// specs, benches, scripts and docs are not among them, so editing those forces no rebuild.
// lib/db/generated is written again by every `npm ci` (postinstall) from prisma/, which is watched.
const INPUT_DIRS = ["app", "components", "lib", "public", "prisma"];
const INPUT_FILES = ["proxy.ts", "instrumentation.ts", "next.config.ts", "tsconfig.json", "postcss.config.mjs", "package.json", "package-lock.json"];
const SKIP = new Set(["node_modules", "generated"]);

function newest(path, acc = 0) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return acc; // optional input (e.g. no public/)
  }
  if (!st.isDirectory()) return Math.max(acc, st.mtimeMs);
  for (const e of readdirSync(path, { withFileTypes: true })) {
    if (!SKIP.has(e.name)) acc = newest(join(path, e.name), acc);
  }
  return acc;
}

function stale() {
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  return [...INPUT_DIRS, ...INPUT_FILES].some((p) => newest(join(root, p)) > built);
}

if (!process.env.SKIP_BUILD && stale()) {
  console.log("[start] building the app (first start or sources changed)...");
  try {
    execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  } catch (e) {
    console.error(`[start] the build failed (${e.status != null ? `exit code ${e.status}` : e.message}): see its output above.`);
    process.exit(typeof e.status === "number" && e.status > 0 ? e.status : 1);
  }
  dedupeServerChunks(join(root, ".next"));
}
// server.mjs reads .env from the working directory: the repository's, wherever this was run from.
process.chdir(root);
await import("../server.mjs");
