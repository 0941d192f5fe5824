// Builds the self-contained server the Docker image runs: Next standalone output plus the static
// assets, public files and server.mjs, assembled in .next/standalone (run: node server.mjs there).
// The end-to-end tests run exactly this artifact.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".next", "standalone");
execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_OUTPUT: "standalone", NEXT_TELEMETRY_DISABLED: "1" },
});
cpSync(join(root, ".next", "static"), join(out, ".next", "static"), { recursive: true });
if (existsSync(join(root, "public"))) cpSync(join(root, "public"), join(out, "public"), { recursive: true });
cpSync(join(root, "server.mjs"), join(out, "server.mjs"));
for (const provider of ["sqlite", "postgresql"]) {
  // Traced already; copied again so the artifact never depends on tracing heuristics.
  cpSync(join(root, "prisma", provider, "migrations"), join(out, "prisma", provider, "migrations"), { recursive: true });
}
console.log(`standalone server assembled in ${out}`);
