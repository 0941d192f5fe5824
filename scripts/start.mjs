// `npm start`: builds the app on first use (or after a source change), then runs server.mjs.
// Set SKIP_BUILD=1 to start whatever is built.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const buildId = join(root, ".next", "BUILD_ID");

function newestSource(dir, acc = 0) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", "data", "generated", "test-results", "playwright-report", ".git"].includes(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) acc = newestSource(p, acc);
    else if (/\.(tsx?|css|mjs|json|prisma)$/.test(e.name)) acc = Math.max(acc, statSync(p).mtimeMs);
  }
  return acc;
}

const stale = !existsSync(buildId) || newestSource(root) > statSync(buildId).mtimeMs;
if (stale && !process.env.SKIP_BUILD) {
  console.log("[start] building the app (first start or sources changed)...");
  execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
}
const child = spawn(process.execPath, [join(root, "server.mjs")], { cwd: root, stdio: "inherit", env: process.env });
for (const s of ["SIGINT", "SIGTERM"]) process.on(s, () => child.kill(s));
child.on("exit", (code) => process.exit(code ?? 0));
