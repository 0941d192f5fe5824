// Turbopack writes the same server chunk several times under different names: in this app one
// 828 KB chunk (the Prisma clients, zod and much of lib/) exists 14 times, once per group of routes
// that import it, and two page chunks twice. The server loads every route at start, and Node keeps
// each file's source text for as long as its module is cached, so each copy cost 1.6 MB of heap
// (the text holds a few non-Latin-1 characters, so V8 stores it at 2 bytes a character): about 22 MB
// of the server's idle heap of 94 MB. The copies differ only in their last line, the
// `//# sourceMappingURL=` comment that names the file.
//
// This keeps the first copy of each set (by name) and replaces the others with a one-line module
// that re-exports it. A Turbopack chunk is pure data (`module.exports = [id, factory, ...]`); the
// runtime installs the factory of each module id once per process and skips ids it already has, so
// loading the same array through a second name changes nothing but the memory. Run after every
// `next build` (package.json "build", scripts/start.mjs, scripts/build-standalone.mjs);
// running it again finds nothing to do.
//   node scripts/dedupe-server-chunks.mjs [<.next dir> ...]   (default: ./.next)
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const SOURCE_MAP_LINE = /\n\/\/# sourceMappingURL=[^\n]*\s*$/;
/** Smaller chunks are not worth a stub (and the stubs themselves stay below this). */
const MIN_BYTES = 4096;

/** Every directory below `dir` that Turbopack writes chunks into (server/chunks, server/chunks/ssr). */
function chunkDirs(dir, inChunks = false, acc = []) {
  if (!existsSync(dir)) return acc;
  if (inChunks) acc.push(dir);
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) chunkDirs(join(dir, e.name), inChunks || e.name === "chunks", acc);
  }
  return acc;
}

/**
 * Replaces repeated Turbopack chunks under `<distDir>/server` with stubs that require the first
 * copy (same directory only). Returns { files, bytes } replaced.
 */
export function dedupeServerChunks(distDir) {
  const server = join(distDir, "server");
  let files = 0;
  let bytes = 0;
  for (const dir of chunkDirs(server)) {
    const first = new Map(); // content hash -> file name kept
    const names = readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith(".js"))
      .map((e) => e.name)
      .sort();
    for (const name of names) {
      const path = join(dir, name);
      const text = readFileSync(path, "utf8");
      // Only Turbopack's chunk format: an array of module ids and factories, nothing that runs.
      if (text.length < MIN_BYTES || !text.startsWith("module.exports=[")) continue;
      const hash = createHash("sha256").update(text.replace(SOURCE_MAP_LINE, "")).digest("hex");
      const kept = first.get(hash);
      if (!kept) {
        first.set(hash, name);
        continue;
      }
      writeFileSync(path, `// Same chunk as ${kept} (scripts/dedupe-server-chunks.mjs): one copy in memory.\nmodule.exports = require(${JSON.stringify(`./${kept}`)});\n`);
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
  return { files, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const dirs = process.argv.slice(2);
  for (const dir of dirs.length ? dirs : [join(process.cwd(), ".next")]) {
    const { files, bytes } = dedupeServerChunks(dir);
    console.log(`[dedupe-server-chunks] ${dir}: ${files} repeated server chunk(s) (${(bytes / 1e6).toFixed(1)} MB) now load their first copy`);
  }
}
