import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { log } from "../log";

/**
 * WAL checkpoints on a thread of their own, for the server's SQLite file (issue 10 item 5).
 *
 * In WAL mode every commit appends the pages it changed to the log; a checkpoint copies them back
 * into the database file and fsyncs it. SQLite's default runs that checkpoint inside the commit
 * that takes the log past 1,000 pages, on the committing connection: here the one connection of
 * the server, on Node's main thread, holding the lock every other query waits for. Measured on the
 * refresh grant's transaction alone (2 cores, 20,000 transactions): 220 µs per transaction with
 * SQLite's default, 185 µs with the threshold raised to 10,000 pages, 145 µs with the copying
 * done here and the main connection's own checkpoint kept as the backstop.
 *
 * How: a worker thread opens its own connection to the file and runs `wal_checkpoint(PASSIVE)`
 * every `intervalMs`. A passive checkpoint never waits and never blocks the writer: it copies
 * what no reader still needs. The main connection keeps an automatic checkpoint, at
 * `MAIN_CONNECTION_THRESHOLD` pages instead of 1,000, because only a checkpoint that finds the
 * whole log copied lets the next commit start the log from the beginning: under constant load the
 * worker's never catches up to the last commit, so the main connection's (by then a few pages and
 * one fsync) still ends each cycle. `journal_size_limit` trims the file back afterwards.
 *
 * Durability is unchanged (synchronous = NORMAL: sqlite-connection.ts): a checkpoint is where
 * the database file is fsynced, whoever runs it. If the worker cannot start (better-sqlite3 not
 * found from this process, a read-only file), nothing changes but a warning in the log: the main
 * connection checkpoints at SQLite's default threshold, as before.
 */

/** Pages in the log before the main connection checkpoints itself (4 KiB each: 40 MiB). */
export const MAIN_CONNECTION_THRESHOLD = 10_000;
/** The log file is cut back to this size when it restarts (SQLite keeps its largest size otherwise). */
export const JOURNAL_SIZE_LIMIT = 16 * 1024 * 1024;
/** How often the worker copies the log back. */
const INTERVAL_MS = 100;

let live = 0;
/** How many checkpoint threads run in this process (tests: each stops with its connection). */
export const liveCheckpointers = (): number => live;

export interface Checkpointer {
  /** Stops the worker and closes its connection. */
  stop(): Promise<void>;
}

// CommonJS run by the worker itself (eval), so that bundling the server (Turbopack) cannot move
// or rename a worker file: it finds better-sqlite3 from the process's entry point or working
// directory, as the server's own require does.
const WORKER_SOURCE = `
const { workerData, parentPort } = require("node:worker_threads");
const { createRequire } = require("node:module");
let Database = null;
for (const base of workerData.bases) {
  try { Database = createRequire(base)("better-sqlite3"); break; } catch {}
}
if (!Database) {
  parentPort.postMessage({ error: "better-sqlite3 cannot be loaded from " + workerData.bases.join(" or ") });
} else {
  let connection;
  try {
    connection = new Database(workerData.path, { fileMustExist: true, timeout: 0 });
  } catch (e) {
    parentPort.postMessage({ error: String(e && e.message || e) });
  }
  if (connection) {
    const timer = setInterval(() => {
      try { connection.pragma("wal_checkpoint(PASSIVE)"); } catch {}
    }, workerData.intervalMs);
    parentPort.on("message", (m) => {
      if (m !== "stop") return;
      clearInterval(timer);
      try { connection.close(); } catch {}
      parentPort.postMessage({ stopped: true });
      parentPort.close();
    });
    parentPort.postMessage({ ready: true });
  }
}
`;

/**
 * Starts the checkpoint thread for the SQLite file at `path`. Resolves to null (and the caller
 * keeps SQLite's default) when it cannot run.
 */
export async function startCheckpointer(path: string, intervalMs = INTERVAL_MS): Promise<Checkpointer | null> {
  // First the copy this process has loaded (Node's module cache names its file): a launcher
  // other than server.mjs (a process manager's wrapper, `node -e`, a script elsewhere) started
  // from the data directory finds better-sqlite3 from neither its entry point nor its directory,
  // and the thread silently never ran.
  const bases = [loadedBetterSqlite3(), process.argv[1], `${process.cwd()}/`].filter((b): b is string => !!b);
  let worker: Worker;
  try {
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, bases, intervalMs },
      // Not the process's own Node flags: `--input-type=module` (a server started with `node -e`)
      // made this CommonJS source an ES module without require, and preloads (--require, --import)
      // have no business in a checkpoint loop.
      execArgv: [],
      // A loop and one statement: a small heap is plenty (the default would reserve far more).
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 2, stackSizeMb: 1 },
      stdout: false,
      stderr: false,
    });
  } catch {
    return null;
  }
  const first = await new Promise<{ ready?: boolean; error?: string }>((resolve) => {
    worker.once("message", resolve);
    worker.once("error", (e) => resolve({ error: e.message }));
    worker.once("exit", () => resolve({ error: "the checkpoint thread exited" }));
  });
  if (!first.ready) {
    await worker.terminate().catch(() => undefined);
    // Safe (SQLite's own checkpoints, as before), but an operator should know why it is slower.
    log.warn(`[db] WAL checkpoints stay on the server's connection: ${first.error ?? "the checkpoint thread did not start"}`);
    return null;
  }
  // It must never keep the process alive on its own.
  worker.unref();
  live++;
  worker.once("exit", () => live--);
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= new Promise<void>((resolve) => {
        const done = () => resolve();
        worker.once("exit", done);
        worker.once("message", () => void worker.terminate().then(done, done));
        worker.postMessage("stop");
        // A worker that does not answer is ended anyway.
        setTimeout(() => void worker.terminate().then(done, done), 1000).unref();
      });
      return stopping;
    },
  };
}

/** The file of the better-sqlite3 this process loaded (the main thread's own), if it is in Node's module cache. */
function loadedBetterSqlite3(): string | undefined {
  try {
    const cache = createRequire(`${process.cwd()}/`).cache;
    return Object.keys(cache).find((file) => /[\\/]better-sqlite3[\\/]lib[\\/]index\.js$/.test(file));
  } catch {
    return undefined;
  }
}
