// Boot-time configuration: Pocket ID's names and defaults, every problem reported at once.
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, parseEnv, sqlitePathFrom } from "@/lib/config/env";

describe("parseEnv", () => {
  it("applies Pocket ID's defaults on an empty environment", () => {
    const env = parseEnv({});
    expect(env.appUrl).toBe("http://localhost:1411");
    expect(env.port).toBe(1411);
    expect(env.host).toBe("0.0.0.0");
    expect(env.database).toEqual({ provider: "sqlite", path: join(process.cwd(), "data/pocket-id.db") });
    expect(env.keysStorage).toBe("file");
    expect(env.secureCookies).toBe(false);
    expect(env.trustProxy).toEqual({ mode: "none" });
  });

  it("normalizes APP_URL (trailing slash, case) and turns on secure cookies for https", () => {
    const env = parseEnv({ APP_URL: "https://ID.Example.com/", ENCRYPTION_KEY: "x".repeat(16) });
    expect(env.appUrl).toBe("https://id.example.com");
    expect(env.secureCookies).toBe(true);
  });

  it("lists every problem in one error", () => {
    try {
      parseEnv({ APP_URL: "https://id.example.com/auth", PORT: "99999", TRUST_PROXY: "maybe?", KEYS_STORAGE: "s3", ENCRYPTION_KEY: "short" });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as ConfigError).message;
      for (const name of ["APP_URL", "PORT", "TRUST_PROXY", "KEYS_STORAGE", "ENCRYPTION_KEY"]) expect(msg).toContain(name);
      expect((e as ConfigError).problems.length).toBeGreaterThanOrEqual(5);
    }
  });

  it("selects PostgreSQL from the URL and then requires an explicit ENCRYPTION_KEY", () => {
    expect(() => parseEnv({ DB_CONNECTION_STRING: "postgres://u:p@db:5432/pocketid" })).toThrow(/ENCRYPTION_KEY: is required with PostgreSQL/);
    const env = parseEnv({ DB_CONNECTION_STRING: "postgresql://u:p@db/pocketid", ENCRYPTION_KEY: "k".repeat(32) });
    expect(env.database).toEqual({ provider: "postgresql", url: "postgresql://u:p@db/pocketid", maxConnections: 10 });
  });

  it("sizes the PostgreSQL pool from DB_MAX_CONNECTIONS and refuses a size that is no positive whole number", () => {
    const pg = { DB_CONNECTION_STRING: "postgresql://u:p@db/pocketid", ENCRYPTION_KEY: "k".repeat(32) };
    expect(parseEnv({ ...pg, DB_MAX_CONNECTIONS: "25" }).database).toMatchObject({ provider: "postgresql", maxConnections: 25 });
    for (const bad of ["0", "-3", "2.5", "many", "1001"]) {
      expect(() => parseEnv({ ...pg, DB_MAX_CONNECTIONS: bad }), bad).toThrow(/DB_MAX_CONNECTIONS: must be a whole number from 1 to 1000 \(default 10\)/);
    }
  });

  it("rejects a DB_PROVIDER that contradicts the connection string", () => {
    expect(() => parseEnv({ DB_PROVIDER: "postgres", DB_CONNECTION_STRING: "data/x.db" })).toThrow(/DB_PROVIDER/);
  });

  it("reads _FILE variants and refuses both forms at once", () => {
    const dir = mkdtempSync(join(tmpdir(), "env-"));
    writeFileSync(join(dir, "key"), "from-a-docker-secret-file\n");
    expect(parseEnv({ ENCRYPTION_KEY_FILE: join(dir, "key") }).encryptionKey).toBe("from-a-docker-secret-file");
    expect(() => parseEnv({ ENCRYPTION_KEY_FILE: join(dir, "key"), ENCRYPTION_KEY: "y".repeat(20) })).toThrow(/both set/);
    expect(() => parseEnv({ ENCRYPTION_KEY_FILE: join(dir, "missing") })).toThrow(/cannot read/);
  });

  it("follows the platform URL in preview deployments when APP_URL is unset", () => {
    expect(parseEnv({ VERCEL_URL: "pocket-id-git-abc.vercel.app" }).appUrl).toBe("https://pocket-id-git-abc.vercel.app");
    expect(parseEnv({ VERCEL_URL: "a.vercel.app", VERCEL_BRANCH_URL: "branch.vercel.app" }).appUrl).toBe("https://branch.vercel.app");
    expect(parseEnv({ VERCEL_URL: "a.vercel.app", APP_URL: "https://id.example.com" }).appUrl).toBe("https://id.example.com");
  });

  it("parses each TRUST_PROXY form: true is one proxy hop, a number is that many, a list is proxy addresses", () => {
    expect(parseEnv({ TRUST_PROXY: "true" }).trustProxy).toEqual({ mode: "hops", hops: 1 });
    expect(parseEnv({ TRUST_PROXY: "2" }).trustProxy).toEqual({ mode: "hops", hops: 2 });
    expect(parseEnv({ TRUST_PROXY: "0" }).trustProxy).toEqual({ mode: "none" });
    expect(parseEnv({ TRUST_PROXY: "false" }).trustProxy).toEqual({ mode: "none" });
    expect(parseEnv({ TRUST_PROXY: "10.0.0.0/8, 172.17.0.1" }).trustProxy).toEqual({ mode: "list", entries: ["10.0.0.0/8", "172.17.0.1"] });
    expect(parseEnv({ TRUST_PROXY: "fd00::/8,::1" }).trustProxy).toEqual({ mode: "list", entries: ["fd00::/8", "::1"] });
    for (const bad of ["10.0.0.0/33", "fd00::/129", "1.2.3", "::g", "50"]) expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
  });
});

describe("sqlitePathFrom", () => {
  it("accepts Pocket ID's file: form with pragmas", () => {
    expect(sqlitePathFrom("file:data/pocket-id.db?_pragma=journal_mode(WAL)&_pragma=busy_timeout(2500)&_txlock=immediate")).toBe(join(process.cwd(), "data/pocket-id.db"));
    expect(sqlitePathFrom("file:/var/lib/pocket-id/db.sqlite")).toBe("/var/lib/pocket-id/db.sqlite");
    expect(sqlitePathFrom("/abs/x.db")).toBe("/abs/x.db");
  });
});
