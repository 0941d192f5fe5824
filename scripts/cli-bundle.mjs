// Bundles the CLI (cli/index.ts and everything it imports from lib/) into one ES module with
// esbuild, so that no TypeScript runs at run time: `npm run cli` bundles on each call
// (scripts/cli.mjs), scripts/build-standalone.mjs bundles into the standalone output (cli.mjs,
// run by the Docker image's /app/pocket-id). Native and Prisma packages stay outside the bundle:
// the same ones the server keeps external (next.config.ts serverExternalPackages), which the
// standalone output's node_modules therefore carries.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const CLI_EXTERNALS = ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "@prisma/client", "@next/env"];

export async function bundleCli(outfile) {
  await build({
    entryPoints: [join(root, "cli/index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: CLI_EXTERNALS,
    tsconfig: join(root, "tsconfig.json"),
    // Bundled CommonJS dependencies call require(): give the ES module one.
    banner: { js: "import { createRequire as __pocketIdCreateRequire } from 'node:module'; const require = __pocketIdCreateRequire(import.meta.url);" },
    legalComments: "none",
    logLevel: "warning",
  });
  return outfile;
}
