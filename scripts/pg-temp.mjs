// Starts a private, throw-away PostgreSQL server for tests and migration tooling:
// initdb into a temp directory, listen on loopback only, trust auth, no other service touched.
// As root (CI containers) the server runs as the `postgres` system user, as PostgreSQL requires.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import net from "node:net";

function findBinDir() {
  if (process.env.PG_BIN_DIR) return process.env.PG_BIN_DIR;
  const base = "/usr/lib/postgresql";
  if (existsSync(base)) {
    const versions = readdirSync(base).filter((v) => existsSync(join(base, v, "bin/initdb"))).sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(base, versions[0], "bin");
  }
  for (const dir of ["/usr/local/bin", "/usr/bin", "/opt/homebrew/bin"]) {
    if (existsSync(join(dir, "initdb")) && existsSync(join(dir, "pg_ctl"))) return dir;
  }
  return null;
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Starts the server; returns { url, stop() }. url is a superuser URL to the `postgres` database. */
export async function startTempPostgres() {
  const bin = findBinDir();
  if (!bin) {
    throw new Error(
      "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them (Debian: apt-get install -y postgresql) " +
        "or set PG_TEST_URL to an existing server's superuser URL.",
    );
  }
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "pocketid-pg-"));
  chmodSync(dir, 0o777);
  const dataDir = join(dir, "data");
  const port = await freePort();
  const run = (cmd, args) => {
    const full = join(bin, cmd);
    if (asRoot) return execFileSync("runuser", ["-u", "postgres", "--", full, ...args], { stdio: "pipe" });
    return execFileSync(full, args, { stdio: "pipe" });
  };
  run("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
  run("pg_ctl", [
    "-D", dataDir, "-l", join(dir, "log"), "-w", "-t", "30",
    "-o", `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`,
    "start",
  ]);
  const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
  return {
    url,
    stop() {
      try {
        run("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"]);
      } catch {}
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
