// File storage (inventory §3.3, §4.2): FILE_BACKEND is parsed at boot (s3 refused with a clear
// sentence), storage paths are plain segments only, and filesystem writes replace files whole.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/config/env";
import { checkStoragePath, filesystemStorage } from "@/lib/db/file-storage";

describe("FILE_BACKEND", () => {
  it("defaults to filesystem and accepts database", () => {
    expect(parseEnv({}).fileBackend).toBe("filesystem");
    expect(parseEnv({ FILE_BACKEND: "database" }).fileBackend).toBe("database");
    expect(parseEnv({ FILE_BACKEND: "Filesystem" }).fileBackend).toBe("filesystem");
  });
  it("refuses s3 at boot, saying it is not supported yet and what to use instead", () => {
    let error: unknown;
    try {
      parseEnv({ FILE_BACKEND: "s3" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual(["FILE_BACKEND: s3 is not supported yet: use filesystem (files under UPLOAD_PATH) or database (shared by every replica)"]);
    expect(() => parseEnv({ FILE_BACKEND: "ftp" })).toThrow(/FILE_BACKEND: must be filesystem or database, got "ftp"/);
  });
});

describe("storage paths", () => {
  it.each(["../etc/passwd", "a/../../b", "/abs", "a//b", ".hidden", "a/.tmp", "a\\b", "a/b c", "", "a/b/c/d/e", "x/..", "a/%2e%2e"])("refuses %j", (p) => {
    expect(() => checkStoragePath(p)).toThrow(/unsafe storage path/);
  });
  it.each(["application-images/logoLight.svg", "oidc-client-images/my.client-dark.png", "oidc-client-images/~abc_DEF-1.webp"])("accepts %j", (p) => {
    expect(checkStoragePath(p).length).toBeGreaterThan(1);
  });
});

describe("filesystem storage", () => {
  let dir: string | undefined;
  afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

  it("writes through a temporary file and rename, leaving no temporary file, private modes, and reads back with a hash", async () => {
    dir = mkdtempSync(join(tmpdir(), "fs-storage-"));
    const s = filesystemStorage(join(dir, "uploads"));
    await s.write("application-images/logoLight.png", Buffer.from("one"));
    await s.write("application-images/logoLight.png", Buffer.from("two"));
    expect(readdirSync(join(dir, "uploads", "application-images"))).toEqual(["logoLight.png"]);
    expect(statSync(join(dir, "uploads", "application-images", "logoLight.png")).mode & 0o777).toBe(0o640);
    const got = await s.read("application-images/logoLight.png");
    expect(got?.data.toString()).toBe("two");
    expect(got?.sha256).toMatch(/^[\w-]{43}$/);
    expect(await s.list("application-images")).toEqual(["logoLight.png"]);
    expect(await s.read("application-images/none.png")).toBeNull();
    expect(await s.list("nothing-here")).toEqual([]);
    await s.delete("application-images/logoLight.png");
    await s.delete("application-images/logoLight.png");
    expect(await s.list("application-images")).toEqual([]);
    await expect(s.write("../escape.png", Buffer.from("x"))).rejects.toThrow(/unsafe storage path/);
  });
});
