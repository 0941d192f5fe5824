// `npm start` runs as one server process under npm, stops cleanly when npm is told to stop, and
// exits non-zero when the server cannot boot (issue 10 item 4). Regression: npm → sh → start.mjs →
// server.mjs, where a SIGTERM to npm (docker stop, a process manager) killed the shell and left
// the server running with nobody to stop it.
import { test, expect } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { E2E_PORT } from "../playwright.config";

const root = resolve(__dirname, "..");
const port = E2E_PORT + 3;
const base = `http://127.0.0.1:${port}`;

/** pid → parent pid, from /proc. */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      out.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  return out;
}
function descendants(pid: number): number[] {
  const all = parents();
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of all) {
      if (parent === p) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}
const alive = (pid: number) => existsSync(`/proc/${pid}`);
const cmdline = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");

function npmStart(dataDir: string, extra: Record<string, string> = {}) {
  const child = spawn("npm", ["start", "--silent"], {
    cwd: root,
    env: {
      ...process.env,
      // The build under test is whatever `npm run build:standalone` left in .next: never rebuild here.
      SKIP_BUILD: "1",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: base,
      DB_CONNECTION_STRING: join(dataDir, "pocket-id.db"),
      KEYS_PATH: join(dataDir, "keys"),
      UPLOAD_PATH: join(dataDir, "uploads"),
      ENCRYPTION_KEY: "e2e-start-encryption-key-0123456789",
      ...extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c) => (output += c));
  child.stderr!.on("data", (c) => (output += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on("exit", (code, signal) => r({ code, signal })));
  return { child, exited, output: () => output };
}

function killAll(child: ChildProcess, pids: number[]) {
  for (const pid of [child.pid!, ...pids]) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      /* gone */
    }
  }
}

test.skip(process.platform !== "linux", "reads the process tree from /proc");

test("npm start leaves one server process under npm, and a SIGTERM to npm stops it: exit code 0, nothing left running", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pocketid-start-"));
  const { child, exited, output } = npmStart(dir);
  let below: number[] = [];
  try {
    await expect
      .poll(async () => (await fetch(`${base}/healthz`).catch(() => null))?.status ?? 0, { timeout: 60_000, message: output() })
      .toBe(204);
    below = descendants(child.pid!);
    // No shell and no launcher in between: npm's child is the process that serves.
    expect(below.map(cmdline), output()).toHaveLength(1);
    expect(cmdline(below[0])).toContain("scripts/start.mjs");

    child.kill("SIGTERM");
    const { code } = await exited;
    expect(code, output()).toBe(0);
    expect(below.filter(alive)).toEqual([]);
    expect(await fetch(`${base}/healthz`).then(() => "answered", () => "refused")).toBe("refused");
  } finally {
    killAll(child, below);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("npm start exits non-zero and says why when the server cannot boot", async () => {
  const dir = mkdtempSync(join(tmpdir(), "pocketid-start-"));
  const { child, exited, output } = npmStart(dir, { ENCRYPTION_KEY: "too-short" });
  try {
    const { code } = await exited;
    expect(code, output()).not.toBe(0);
    expect(output()).toContain("ENCRYPTION_KEY");
  } finally {
    killAll(child, []);
    rmSync(dir, { recursive: true, force: true });
  }
});
