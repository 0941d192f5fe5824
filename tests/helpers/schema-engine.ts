// Prisma's real schema engine (the WebAssembly build, as scripts/create-migration.mjs uses it), so a
// test can produce exactly the SQL `prisma migrate dev` would write for a model change.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";

interface Engine {
  diff(params: unknown): Promise<{ stdout?: string }>;
  dispose?(): Promise<void>;
}
interface EngineModule {
  SchemaEngine: { new: (config: unknown, log: () => void, adapter: unknown) => Promise<Engine> };
  __wbg_set_wasm(exports: unknown): void;
}

let loaded: Promise<EngineModule> | undefined;

function loadEngine(): Promise<EngineModule> {
  loaded ??= (async () => {
    const dir = join(process.cwd(), "node_modules/@prisma/schema-engine-wasm");
    const bg = (await import(/* @vite-ignore */ join(dir, "schema_engine_bg.js"))) as EngineModule;
    const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, "schema_engine_bg.wasm")), { "./schema_engine_bg.js": bg as never });
    bg.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    return bg;
  })();
  return loaded;
}

/**
 * The migration SQL that takes a database from schema `from` to schema `to` (full schema texts with
 * their datasource block). PostgreSQL needs a reachable server (`pgUrl`); nothing is written to it.
 */
export async function diffSchemas(provider: "sqlite" | "postgresql", from: string, to: string, pgUrl?: string): Promise<string> {
  const bg = await loadEngine();
  const adapter = provider === "sqlite" ? new PrismaBetterSqlite3({ url: ":memory:" }) : new PrismaPg({ connectionString: pgUrl! });
  const engine = await bg.SchemaEngine.new({ datamodels: [["schema.prisma", to]] }, () => {}, bindMigrationAwareSqlAdapterFactory(adapter));
  try {
    const result = await engine.diff({
      from: { tag: "schemaDatamodel", files: [{ path: "from.prisma", content: from }] },
      to: { tag: "schemaDatamodel", files: [{ path: "to.prisma", content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return (result.stdout ?? "").trim() + "\n";
  } finally {
    await engine.dispose?.().catch(() => {});
  }
}
