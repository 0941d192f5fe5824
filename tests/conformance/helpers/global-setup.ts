import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { TestProject } from "vitest/node";
import { SoftPasskey } from "../../helpers/soft-passkey.mjs";

/**
 * Starts the standalone production server (npm run build:standalone, as the Docker image runs it)
 * on a fresh SQLite database, then creates the first admin over HTTP exactly as a person would:
 * /api/signup/setup, a passkey registered through the WebAuthn ceremony. The tests receive the
 * server URL and the passkey; everything else they do is HTTP against this process.
 * Port: CONFORMANCE_PORT, else E2E_PORT + 6, else 14116. Server output: test-results/conformance-server.log.
 */
export default async function setup(project: TestProject) {
  const port = Number(process.env.CONFORMANCE_PORT ?? (process.env.E2E_PORT ? Number(process.env.E2E_PORT) + 6 : 14116));
  const url = `http://localhost:${port}`;
  const serverDir = resolve(process.env.E2E_SERVER_DIR ?? ".next/standalone");
  if (!existsSync(join(serverDir, "server.mjs"))) {
    throw new Error(`No standalone build in ${serverDir}: run \`npm run build:standalone\` first (npm test does).`);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "pocketid-conformance-"));
  mkdirSync("test-results", { recursive: true });
  const log = createWriteStream(resolve("test-results/conformance-server.log"));
  const child: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    cwd: serverDir,
    stdio: ["ignore", "pipe", "pipe"],
    env: serverEnv(port, url, dataDir),
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(url, child);
    const bootstrap = await createAdmin(url);
    project.provide("conformance", { url, serverDir, dataDir, ...bootstrap });
  } catch (e) {
    await stop();
    throw e;
  }
  return stop;
}

/**
 * The environment of a suite server on `port` serving issuer `url` from the database in `dataDir`
 * (tests/conformance/fast-path.test.ts starts more servers on the same database).
 */
export function serverEnv(port: number, url: string, dataDir: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: url,
    DB_CONNECTION_STRING: join(dataDir, "pocket-id.db"),
    KEYS_PATH: join(dataDir, "keys"),
    ENCRYPTION_KEY: "conformance-encryption-key-0123456789",
    // The suite signs in many times a second from one address; limits have their own tests.
    DISABLE_RATE_LIMITING: "true",
    NODE_ENV: "production",
  };
}

export async function waitForHealth(url: string, child: ChildProcess) {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}: see test-results/conformance-server.log`);
    try {
      if ((await fetch(`${url}/healthz`)).status === 204) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("the server did not become healthy within 90 s");
}

/** The first admin, created through /setup, with a passkey registered over HTTP. */
async function createAdmin(url: string) {
  const cookies = new Map<string, string>();
  const call = async (path: string, json?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method: json === undefined ? "GET" : "POST",
      headers: {
        ...(json === undefined ? {} : { "content-type": "application/json", origin: url }),
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const eq = pair.indexOf("=");
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    if (res.status >= 300) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const admin = await call("/api/signup/setup", { username: "connie", email: "connie@example.com", firstName: "Connie", lastName: "Formance" });
  const options = await call("/api/webauthn/register/start");
  const passkey = new SoftPasskey({ origin: url });
  await call("/api/webauthn/register/finish", passkey.register(options));
  return { adminUserId: admin.id as string, passkey: passkey.state() };
}
