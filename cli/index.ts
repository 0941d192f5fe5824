/**
 * Entry point of the CLI bundle (scripts/cli-bundle.mjs bundles this file with esbuild into
 * cli.mjs; `npm run cli -- <command>` and the Docker image's /app/pocket-id run that bundle, so
 * no TypeScript runs in production). Reads .env from the working directory as the server does.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import nextEnv from "@next/env";
import { runCli } from "./main";

const here = dirname(fileURLToPath(import.meta.url));
nextEnv.loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
// The standalone build carries its migrations beside cli.mjs; run from elsewhere, find them there.
if (!process.env.MIGRATIONS_ROOT && !existsSync(join(process.cwd(), "prisma")) && existsSync(join(here, "prisma"))) {
  process.env.MIGRATIONS_ROOT = join(here, "prisma");
}
// stdout carries the command's result (a link): the server's info lines stay out of it.
if (!process.env.LOG_LEVEL || process.env.LOG_LEVEL === "info") process.env.LOG_LEVEL = "warn";

const code = await runCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
// Database pools keep the event loop alive: end the process once output is flushed.
process.stdout.write("", () => process.exit(code));
