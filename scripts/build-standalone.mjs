// Builds the self-contained server the Docker image runs: Next standalone output plus the static
// assets, public files and server.mjs, assembled in .next/standalone (run: node server.mjs there).
// The end-to-end tests run exactly this artifact.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleCli, CLI_EXTERNALS } from "./cli-bundle.mjs";
import { dedupeServerChunks } from "./dedupe-server-chunks.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, ".next", "standalone");
execFileSync(process.execPath, [join(root, "node_modules/next/dist/bin/next"), "build"], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, NODE_ENV: "production", NEXT_OUTPUT: "standalone", NEXT_TELEMETRY_DISABLED: "1" },
});
// Both builds: the regular one (`npm start` with SKIP_BUILD) and the standalone copy Next made of it.
for (const distDir of [join(root, ".next"), join(out, ".next")]) {
  const { files, bytes } = dedupeServerChunks(distDir);
  console.log(`${distDir}: ${files} repeated server chunks (${(bytes / 1e6).toFixed(1)} MB) now load their first copy (scripts/dedupe-server-chunks.mjs)`);
}
cpSync(join(root, ".next", "static"), join(out, ".next", "static"), { recursive: true });
if (existsSync(join(root, "public"))) cpSync(join(root, "public"), join(out, "public"), { recursive: true });
cpSync(join(root, "server.mjs"), join(out, "server.mjs"));
for (const file of ["fast-path.mjs", "path-redirect.mjs", "client-error.mjs", "action-origin.mjs"]) cpSync(join(root, "lib", "http", file), join(out, "lib", "http", file));
for (const provider of ["sqlite", "postgresql"]) {
  // Traced already; copied again so the artifact never depends on tracing heuristics.
  cpSync(join(root, "prisma", provider, "migrations"), join(out, "prisma", provider, "migrations"), { recursive: true });
}
// The CLI (`node cli.mjs <command>`), bundled JavaScript: the image runs no TypeScript. Its
// external packages must be in the traced node_modules, or the CLI would fail only in production.
await bundleCli(join(out, "cli.mjs"));
for (const pkg of CLI_EXTERNALS) {
  if (!existsSync(join(out, "node_modules", pkg, "package.json"))) throw new Error(`standalone output lacks ${pkg}, which cli.mjs needs`);
}
// Pocket ID's invocation, `/app/pocket-id <command>` (docker compose exec pocket-id /app/pocket-id
// one-time-access-token <user>); without arguments it runs the server, as Pocket ID's binary does.
writeFileSync(
  join(out, "pocket-id"),
  '#!/bin/sh\ndir=$(dirname "$0")\nif [ "$#" -eq 0 ]; then exec node "$dir/server.mjs"; fi\nexec node "$dir/cli.mjs" "$@"\n',
  { mode: 0o755 },
);
console.log(`standalone server assembled in ${out}`);
