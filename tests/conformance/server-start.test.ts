// server.mjs (npm start, the Docker image) stops with a sentence and a non-zero exit code when it
// cannot start, so that a supervisor (systemd Restart=on-failure, Docker, Kubernetes) sees the
// failure. Before, a port already in use printed an uncaughtException and the process exited 0.
import { spawn } from "node:child_process";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { serverEnv } from "./helpers/global-setup";
import { ISSUER, context } from "./helpers/op";

function run(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const { serverDir } = context();
  const child = spawn(process.execPath, ["server.mjs"], { cwd: serverDir, stdio: ["ignore", "pipe", "pipe"], env });
  let output = "";
  child.stdout!.on("data", (d) => (output += String(d)));
  child.stderr!.on("data", (d) => (output += String(d)));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve) => child.once("exit", (code) => (clearTimeout(timer), resolve({ code, output }))));
}

describe("server.mjs start-up failures", () => {
  it("exits non-zero with a sentence when its port is already in use", async () => {
    const port = Number(new URL(ISSUER()).port) + 7;
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(port, "127.0.0.1", r));
    try {
      const { code, output } = await run(serverEnv(port, `http://127.0.0.1:${port}`, context().dataDir));
      expect(code).toBe(1);
      expect(output).toContain(`port ${port} on 127.0.0.1 is already in use`);
    } finally {
      taken.close();
    }
  }, 90_000);

  it("exits non-zero with a sentence when FAST_PATH is not a value it knows", async () => {
    const port = Number(new URL(ISSUER()).port) + 8;
    const { code, output } = await run({ ...serverEnv(port, `http://127.0.0.1:${port}`, context().dataDir), FAST_PATH: "disabled" });
    expect(code).toBe(1);
    expect(output).toContain('FAST_PATH must be on or off (got "disabled")');
  }, 90_000);
});
