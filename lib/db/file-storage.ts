import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, writeFile, open } from "node:fs/promises";
import { join, resolve, sep } from "node:path";
import { env } from "../config/env";
import { db, type Tx } from "./client";

/**
 * Uploaded files (application images, client logos) in Pocket ID's layout (inventory §3.3):
 * `application-images/<name>.<ext>`, `oidc-client-images/<clientId>[-dark].<ext>`.
 *
 * Two backends, chosen by FILE_BACKEND (inventory §4.2):
 * - `filesystem` (default): files under UPLOAD_PATH. Writes go to a temporary file in the same
 *   directory, are flushed, then renamed over the target, so a reader sees the old or the new
 *   file, never half of one.
 * - `database`: rows of `stored_files`, so every replica serves the same bytes. A write can take
 *   the caller's transaction, making it atomic with the change and audit row that go with it.
 *
 * Paths are never built from user input directly: every segment must match SEGMENT (no `..`,
 * no separators, no leading dot), and the filesystem backend checks again that the resolved path
 * stays under UPLOAD_PATH.
 */
export interface StoredFileData {
  data: Buffer;
  /** SHA-256 (base64url) of data: the ETag. */
  sha256: string;
}

export interface FileStorage {
  readonly backend: "filesystem" | "database";
  read(path: string): Promise<StoredFileData | null>;
  /** The file's SHA-256 without its bytes where the backend can (pages' versioned image URLs). */
  stat(path: string): Promise<{ sha256: string } | null>;
  /** `tx` is used by the database backend (the row commits with the caller's changes). */
  write(path: string, data: Uint8Array, tx?: Tx): Promise<void>;
  /** Removes the file; a missing file is not an error. */
  delete(path: string, tx?: Tx): Promise<void>;
  /** File names (not paths) directly inside `dir`. */
  list(dir: string, tx?: Tx): Promise<string[]>;
}

const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,199}$/;

/** Throws for a path that is not a safe relative path of plain segments. */
export function checkStoragePath(path: string): string[] {
  const parts = path.split("/");
  if (parts.length === 0 || parts.length > 4 || !parts.every((p) => SEGMENT.test(p) && !p.includes(".."))) {
    throw new Error(`unsafe storage path ${JSON.stringify(path)}`);
  }
  return parts;
}

export function sha256Of(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("base64url");
}

// Hashes of files on disk by (path, mtime, size): derived data, so a per-process cache is fine.
const hashCache = new Map<string, { mtimeMs: number; size: number; sha256: string }>();
const HASH_CACHE_ENTRIES = 512;

export function filesystemStorage(root: string): FileStorage {
  const base = resolve(root);
  const full = (path: string) => {
    const p = resolve(base, ...checkStoragePath(path));
    if (!p.startsWith(base + sep)) throw new Error(`storage path ${JSON.stringify(path)} leaves the upload directory`);
    return p;
  };
  return {
    backend: "filesystem",
    async read(path) {
      try {
        const data = await readFile(full(path));
        return { data, sha256: sha256Of(data) };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
    async stat(path) {
      const p = full(path);
      let st;
      try {
        st = await stat(p);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
      const hit = hashCache.get(p);
      if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return { sha256: hit.sha256 };
      const file = await this.read(path);
      if (!file) return null;
      if (hashCache.size >= HASH_CACHE_ENTRIES) hashCache.delete(hashCache.keys().next().value!);
      hashCache.set(p, { mtimeMs: st.mtimeMs, size: st.size, sha256: file.sha256 });
      return { sha256: file.sha256 };
    },
    async write(path, data) {
      const target = full(path);
      const dir = resolve(target, "..");
      await mkdir(dir, { recursive: true, mode: 0o750 });
      const tmp = join(dir, `.tmp-${randomBytes(8).toString("hex")}`);
      try {
        await writeFile(tmp, data, { mode: 0o640, flag: "wx" });
        const fh = await open(tmp, "r");
        try {
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, target);
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
    },
    async delete(path) {
      await rm(full(path), { force: true });
    },
    async list(dir) {
      const d = resolve(base, ...checkStoragePath(dir));
      if (!d.startsWith(base + sep)) throw new Error("storage directory leaves the upload directory");
      try {
        const entries = await readdir(d, { withFileTypes: true });
        return entries.filter((e) => e.isFile() && !e.name.startsWith(".")).map((e) => e.name);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
        throw e;
      }
    },
  };
}

export function databaseStorage(client: () => Tx = db): FileStorage {
  return {
    backend: "database",
    async read(path) {
      checkStoragePath(path);
      const row = await client().storedFile.findUnique({ where: { path }, select: { data: true, sha256: true } });
      return row ? { data: Buffer.from(row.data), sha256: row.sha256 } : null;
    },
    async stat(path) {
      checkStoragePath(path);
      return client().storedFile.findUnique({ where: { path }, select: { sha256: true } });
    },
    async write(path, data, tx) {
      checkStoragePath(path);
      const bytes = new Uint8Array(data);
      const sha256 = sha256Of(bytes);
      await (tx ?? client()).storedFile.upsert({ where: { path }, create: { path, data: bytes, sha256 }, update: { data: bytes, sha256 } });
    },
    async delete(path, tx) {
      checkStoragePath(path);
      await (tx ?? client()).storedFile.deleteMany({ where: { path } });
    },
    async list(dir, tx) {
      checkStoragePath(dir);
      const rows = await (tx ?? client()).storedFile.findMany({ where: { path: { startsWith: `${dir}/` } }, select: { path: true } });
      return rows.map((r) => r.path.slice(dir.length + 1)).filter((name) => !name.includes("/"));
    },
  };
}

let override: FileStorage | undefined;

/** The storage FILE_BACKEND selects (filesystem under UPLOAD_PATH unless told otherwise). */
export function fileStorage(): FileStorage {
  if (override) return override;
  const e = env();
  return e.fileBackend === "database" ? databaseStorage() : filesystemStorage(e.uploadPath);
}

/** Tests: use this storage instead of the configured one (undefined restores it). */
export function setFileStorageForTests(storage: FileStorage | undefined): void {
  override = storage;
}
