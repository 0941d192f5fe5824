import { afterEach, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dedupeServerChunks } from "../../scripts/dedupe-server-chunks.mjs";

// scripts/dedupe-server-chunks.mjs runs after every build: a repeated Turbopack server chunk must
// load its first copy (one source text in memory), and nothing else in the build may change.
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A chunk in Turbopack's format whose module factories record that they ran. */
function chunk(body: string, name: string) {
  return `module.exports=[101,(e,t,r)=>{t.exports={body:${JSON.stringify(body)}}},102,e=>{e.v("${"x".repeat(5000)}")}];\n\n//# sourceMappingURL=${name}.map\n`;
}

function build() {
  const dist = mkdtempSync(join(tmpdir(), "dedupe-chunks-"));
  dirs.push(dist);
  const chunks = join(dist, "server", "chunks");
  mkdirSync(join(chunks, "ssr"), { recursive: true });
  const files: Record<string, string> = {
    "chunks/a._.js": chunk("shared", "a._.js"),
    "chunks/b._.js": chunk("shared", "b._.js"),
    "chunks/c._.js": chunk("shared", "c._.js"),
    "chunks/other._.js": chunk("different", "other._.js"),
    "chunks/small._.js": "module.exports=[1,e=>{}];\n//# sourceMappingURL=small._.js.map\n",
    "chunks/small2._.js": "module.exports=[1,e=>{}];\n//# sourceMappingURL=small2._.js.map\n",
    // Same text in another directory (another runtime's chunks): left alone.
    "chunks/ssr/a._.js": chunk("shared", "ssr-a._.js"),
    // Not a chunk (runs code when loaded), even if repeated.
    "chunks/run1.js": `console.log(1);${"y".repeat(5000)}\n`,
    "chunks/run2.js": `console.log(1);${"y".repeat(5000)}\n`,
  };
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dist, "server", path), text);
  return { dist, chunks, files };
}

describe("dedupeServerChunks", () => {
  it("makes repeated chunks load the first copy, and leaves everything else as it was", () => {
    const { dist, chunks, files } = build();
    const result = dedupeServerChunks(dist);
    expect(result.files).toBe(2);
    expect(result.bytes).toBe(Buffer.byteLength(files["chunks/b._.js"]) + Buffer.byteLength(files["chunks/c._.js"]));

    const require = createRequire(join(chunks, "x.js"));
    const first = require("./a._.js");
    // The same array object: the module text exists once in the process.
    expect(require("./b._.js")).toBe(first);
    expect(require("./c._.js")).toBe(first);
    expect(readFileSync(join(chunks, "b._.js"), "utf8").length).toBeLessThan(200);
    for (const kept of ["chunks/a._.js", "chunks/other._.js", "chunks/small._.js", "chunks/small2._.js", "chunks/ssr/a._.js", "chunks/run1.js", "chunks/run2.js"]) {
      expect(readFileSync(join(dist, "server", kept), "utf8"), kept).toBe(files[kept]);
    }
    // What the runtime gets through a stub is what it would have read from the copy.
    const loaded = { exports: {} as { body?: string } };
    (first[1] as (e: unknown, t: typeof loaded) => void)(null, loaded);
    expect(loaded.exports.body).toBe("shared");
  });

  it("finds nothing to do the second time", () => {
    const { dist } = build();
    dedupeServerChunks(dist);
    expect(dedupeServerChunks(dist)).toEqual({ files: 0, bytes: 0 });
  });

  it("does nothing for a build without server chunks", () => {
    const dist = mkdtempSync(join(tmpdir(), "dedupe-chunks-"));
    dirs.push(dist);
    expect(dedupeServerChunks(dist)).toEqual({ files: 0, bytes: 0 });
  });
});
