// Creates a new migration for BOTH providers from a change to prisma/models.prisma, without the
// Prisma download: the WebAssembly schema engine diffs the last migrated schema (kept beside the
// migrations as migrated.prisma) against the current one. No database or shadow database needed.
//   npm run db:migration -- <name>
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { writeSchemas, providers } from "./prisma-generate.mjs";
import { startTempPostgres } from "./pg-temp.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const name = (process.argv[2] ?? "").trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error("usage: npm run db:migration -- <name in snake_case>");
  process.exit(1);
}

const wasmDir = join(root, "node_modules/@prisma/schema-engine-wasm");
const bg = await import(join(wasmDir, "schema_engine_bg.js"));
const wasmBytes = readFileSync(join(wasmDir, "schema_engine_bg.wasm"));
const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": bg });
bg.__wbg_set_wasm(instance.exports);
instance.exports.__wbindgen_start?.();
const { bindMigrationAwareSqlAdapterFactory } = await import("@prisma/driver-adapter-utils");

writeSchemas();
const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
const migrationName = `${stamp}_${name}`;
let wrote = 0;

for (const provider of providers) {
  const schemaPath = join(root, "prisma", provider, "schema.prisma");
  const migrationsDir = join(root, "prisma", provider, "migrations");
  const snapshotPath = join(migrationsDir, "migrated.prisma");
  const current = readFileSync(schemaPath, "utf8");
  const previous = existsSync(snapshotPath) ? readFileSync(snapshotPath, "utf8") : null;

  // The engine wants a live connection even for a datamodel-to-datamodel diff; nothing is written.
  let pg = null;
  if (provider === "postgresql" && !process.env.PG_TEST_URL) pg = await startTempPostgres();
  const adapterFactory =
    provider === "sqlite"
      ? new (await import("@prisma/adapter-better-sqlite3")).PrismaBetterSqlite3({ url: ":memory:" })
      : new (await import("@prisma/adapter-pg")).PrismaPg({ connectionString: process.env.PG_TEST_URL ?? pg.url });
  const engine = await bg.SchemaEngine.new(
    { datamodels: [[schemaPath, current]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  );
  const from = previous ? { tag: "schemaDatamodel", files: [{ path: snapshotPath, content: previous }] } : { tag: "empty" };
  const result = await engine.diff({
    from,
    to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: current }] },
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  await engine.dispose?.().catch?.(() => {});
  pg?.stop();
  const sql = (result.stdout ?? "").trim();
  if (!sql || /^-- This is an empty migration/.test(sql)) {
    console.log(`${provider}: no changes`);
    continue;
  }
  mkdirSync(join(migrationsDir, migrationName), { recursive: true });
  writeFileSync(join(migrationsDir, migrationName, "migration.sql"), sql + "\n");
  writeFileSync(join(migrationsDir, "migration_lock.toml"), `# Do not edit.\nprovider = "${provider}"\n`);
  writeFileSync(snapshotPath, current);
  console.log(`${provider}: wrote prisma/${provider}/migrations/${migrationName}/migration.sql`);
  wrote++;
}
if (wrote && wrote !== providers.length) {
  console.error("Only one provider changed: the migration trees must keep the same names. Check the diff.");
  process.exit(1);
}
if (wrote) {
  // Regenerate both clients so the code sees the new models right away.
  const { execFileSync } = await import("node:child_process");
  execFileSync(process.execPath, [join(root, "scripts/prisma-generate.mjs")], { cwd: root, stdio: "inherit" });
}
