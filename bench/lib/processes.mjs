// Child processes of the benchmark (the server under test, node-oidc-provider, the node:http floor,
// a private PostgreSQL): started through here so that every one of them is stopped on exit, on
// an error and on Ctrl-C, and so that their memory can be read from /proc.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";

const children = new Set();
const cleanups = [];

/** Spawns a process that is killed (with its process group) when the benchmark ends. */
export function spawnTracked(command, args, options = {}) {
  return track(spawn(command, args, { stdio: ["ignore", "pipe", "pipe"], detached: true, ...options }));
}

/** Tracks a child started elsewhere (fork): stopped with the others. Start it `detached`. */
export function track(child) {
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

/** Runs `fn` when the benchmark ends, however it ends (after the children are stopped). */
export function onCleanup(fn) {
  cleanups.push(fn);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {}
  }
}

/** Stops one tracked child: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

let cleaning = null;
/** Stops every child and runs the cleanups; idempotent. */
export function cleanupAll() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((c) => stopChild(c)));
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (e) {
        console.error(`[bench] cleanup failed: ${e.message}`);
      }
    }
  })();
  return cleaning;
}

/** Synchronous last resort (process "exit" cannot wait): SIGKILL whatever is still running. */
function killAllNow() {
  for (const c of children) killGroup(c, "SIGKILL");
}

let installed = false;
export function installSignalHandlers() {
  if (installed) return;
  installed = true;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      console.error(`\n[bench] ${signal}: stopping the servers...`);
      const force = setTimeout(() => {
        killAllNow();
        process.exit(130);
      }, 8000);
      force.unref();
      cleanupAll().finally(() => process.exit(130));
    });
  }
  process.on("exit", killAllNow);
}

/** The pid and all its descendants, from /proc (Linux); [pid] elsewhere. */
export function processTree(pid) {
  let entries;
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return [pid];
  }
  const parentOf = new Map();
  for (const e of entries) {
    try {
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may contain spaces and parentheses.
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      parentOf.set(Number(e), ppid);
    } catch {}
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) for (const [child, parent] of parentOf) if (parent === tree[i]) tree.push(child);
  return tree;
}

/** Resident memory (VmRSS) of a process and its descendants in MB, or null where /proc is missing. */
export function treeRssMb(pid) {
  let kb = 0;
  let found = false;
  const tree = processTree(pid);
  treeRssMb.lastCount = tree.length;
  for (const p of tree) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, "utf8"));
      if (m) {
        kb += Number(m[1]);
        found = true;
      }
    } catch {}
  }
  return found ? Math.round(kb / 1024) : null;
}

/**
 * CPU time (user + system, all threads) used so far by a process and its descendants, in ms, from
 * /proc (Linux); null elsewhere. Clock ticks of 10 ms: meaningful over a phase of seconds.
 */
export function treeCpuMs(pid) {
  let ticks = 0;
  let found = false;
  for (const p of processTree(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, "utf8");
      // Fields after "(comm)": state is field 3; utime and stime are fields 14 and 15.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
      found = true;
    } catch {}
  }
  return found ? ticks * 10 : null;
}
