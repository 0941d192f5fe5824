// `npm test`: the whole suite, in the order that fails fastest.
//   1. type check and lint   2. unit + integration (vitest; SQLite and a private PostgreSQL)
//   3. standalone production build   4. conformance suite against that build (tests/conformance/README.md)
//   5. the example app's build   6. end-to-end in Chromium (Playwright), incl. openid-client flows and the example app
// Needs: PostgreSQL server binaries (initdb/pg_ctl) or PG_TEST_URL; Chromium (CHROMIUM_PATH or /usr/bin/chromium).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (name) => join(root, "node_modules", ".bin", name);

function step(title, cmd, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n✗ ${title} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${title} (${Math.round((Date.now() - started) / 1000)} s)`);
}

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it (Debian: apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}

step("type check", bin("tsc"), ["--noEmit"]);
step("lint (ESLint, incl. the layering rules)", bin("eslint"), [".", "--max-warnings", "0"]);
step("unit and integration tests", bin("vitest"), ["run"]);
step("production build (standalone, as in the Docker image)", process.execPath, [join(root, "scripts/build-standalone.mjs")]);
step("conformance suite (OpenID test plans, RFC 9700 refusals)", bin("vitest"), ["run", "--config", "vitest.conformance.config.ts"]);
// The example app (examples/nextjs-app) that e2e/nextjs-example.spec.ts signs in through us. Webpack:
// inside this repository Turbopack takes the repository root as the project root.
step("example app build (next-auth)", process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build", "--webpack", join(root, "examples/nextjs-app")], { NEXT_TELEMETRY_DISABLED: "1" });
step("end-to-end tests", bin("playwright"), ["test"]);
console.log("\nAll tests passed.");
