// `npm run cli -- <command> [args]`: bundles the CLI (scripts/cli-bundle.mjs, well under a second)
// and runs it in this process, against the configuration of the working directory (.env, env vars).
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { bundleCli } from "./cli-bundle.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dir = join(root, "node_modules", ".cache", "pocket-id-cli");
mkdirSync(dir, { recursive: true });
const outfile = await bundleCli(join(dir, "cli.mjs"));
await import(pathToFileURL(outfile).href);
