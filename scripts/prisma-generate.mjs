// Builds the two provider schemas from prisma/models.prisma and generates both Prisma clients.
// Works offline: `prisma generate` does not need the schema engine, so PRISMA_SCHEMA_ENGINE_BINARY
// points at a dummy to stop the CLI from trying to download one.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const models = readFileSync(join(root, "prisma/models.prisma"), "utf8");

export const providers = ["sqlite", "postgresql"];

export function writeSchemas() {
  for (const provider of providers) {
    const header = `// GENERATED from prisma/models.prisma by scripts/prisma-generate.mjs; do not edit.
generator client {
  provider     = "prisma-client"
  output       = "../../lib/db/generated/${provider}"
  runtime      = "nodejs"
  moduleFormat = "esm"
}

datasource db {
  provider = "${provider}"
}

`;
    const dir = join(root, "prisma", provider);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "schema.prisma"), header + models);
  }
}

function generate() {
  writeSchemas();
  const prismaBin = join(root, "node_modules/.bin/prisma");
  if (!existsSync(prismaBin)) {
    console.log("prisma CLI not installed (production install?); skipping client generation");
    return;
  }
  for (const provider of providers) {
    execFileSync(prismaBin, ["generate", "--schema", `prisma/${provider}/schema.prisma`], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
        CHECKPOINT_DISABLE: "1",
      },
    });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) generate();
