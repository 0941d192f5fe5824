// The production server for `npm start` and the Docker image: Next.js's request handler behind a
// plain Node HTTP server, so that the client's socket address reaches the app as
// x-pocketid-client-ip (overwriting anything a client sent). Rate limits and audit logs rely on it.
import http from "node:http";
import v8 from "node:v8";
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// Memory: V8 lets the old generation grow to several times what survived the last full GC before
// collecting again, so after a burst of requests the heap held ~200 MB of garbage (RSS 415-520 MB).
// Growing by at most 50 % keeps it near its live size: 325 instead of 444 MB after bench/footprint.mjs's
// load, at no measurable CPU cost per request (npm start and the Dockerfile also pass
// --max-semi-space-size=4). Set here, before the heap grows, it covers every launcher.
v8.setFlagsFromString("--heap-growing-percent=50");
// Prisma's query compiler is WebAssembly. V8 recompiles its hot functions with its optimizing
// compiler, which borrowed about 50 MB at start from glibc's per-thread arenas, and glibc keeps such
// memory for good: the server sat at 190-240 MB idle instead of 150 MB, and 235-275 instead of 200 MB
// after load. The baseline compiler (Liftoff) costs nothing measurable here: Prisma runs the compiler
// only for a query shape it has not planned before (its plan cache), and CPU time per token request
// stayed at 2.1-2.5 ms (same-minute A/B). Set before Prisma compiles the module; covers every launcher.
v8.setFlagsFromString("--liftoff-only");

const dir = dirname(fileURLToPath(import.meta.url));
process.env.NODE_ENV = "production";
// .env in the working directory, as Pocket ID reads it; loaded before HOST/PORT are used.
const { loadEnvConfig } = (await import("@next/env")).default;
loadEnvConfig(process.cwd(), false, { info: () => {}, error: console.error });
const port = Number(process.env.PORT || 1411);
// RFC 6797 HSTS on every response when the issuer is https, as lib/config/env.ts derives it
// (APP_URL, else the platform URL of a preview deployment, which is always https): Next.js answers
// some responses itself (/_next/*, 308 redirects, 405s, /healthz) before any route code runs.
const issuerUrl = process.env.APP_URL?.trim() || (process.env.VERCEL_BRANCH_URL || process.env.VERCEL_URL ? "https://" : "");
const hsts = /^https:\/\//i.test(issuerUrl) ? "max-age=31536000; includeSubDomains" : null;
const host = process.env.HOST || "0.0.0.0";

// Every build (standalone for Docker, the regular one for `npm start`) records its resolved Next
// config: run with that instead of loading next.config.ts, whose TypeScript Next.js would compile
// with its SWC binary, about 25 MB of native code resident for the life of the process.
const serverFiles = join(dir, ".next", "required-server-files.json");
let conf;
if (existsSync(serverFiles)) {
  conf = JSON.parse(readFileSync(serverFiles, "utf8")).config;
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(conf);
}
const { default: next } = await import("next");
const app = next({ dev: false, dir, hostname: host === "0.0.0.0" ? "localhost" : host, port, conf, customServer: true });
const handle = app.getRequestHandler();
await app.prepare();
// The hot protocol endpoints skip Next.js's router (lib/http/fast-path.mjs; FAST_PATH=off disables it).
const { createFastPath, fastPathSetting } = await import("./lib/http/fast-path.mjs");
let fastPathOn;
try {
  fastPathOn = fastPathSetting(process.env.FAST_PATH);
} catch (e) {
  console.error(`[server] cannot start: ${e.message}`);
  process.exit(1);
}
const fast = !fastPathOn ? null : await createFastPath({ dir, hostname: host === "0.0.0.0" ? "localhost" : host, port });
// /login/ → /login and /a//b → /a/b with our security headers, which Next.js's own 308 lacks.
// The same headers on the answers server.mjs writes itself below (400, 405, OPTIONS *).
const { createPathRedirect, originFormTarget, securityHeaders } = await import("./lib/http/path-redirect.mjs");
const security = securityHeaders({ dir });
const pathRedirect = createPathRedirect({ dir, headers: security });

/** Next.js answers a path it cannot percent-decode (/api/oidc/clients/%ff) with a bare 500. */
function hasBadEscape(url) {
  const path = (url ?? "/").split("?")[0];
  if (!path.includes("%")) return false;
  try {
    decodeURIComponent(path);
    return false;
  } catch {
    return true;
  }
}

/** Methods any route of this app serves; Next.js answers others (TRACE, CONNECT, ...) with a 500. */
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store", "x-content-type-options": "nosniff", ...security };

// Requests Node's parser refuses get its status with the security headers; slow requests are cut
// off sooner than Node's defaults (lib/http/client-error.mjs says which limits and why).
const { createClientErrorHandler, SERVER_TIMEOUTS } = await import("./lib/http/client-error.mjs");

// Server Actions from another site: 403 here, where Next.js would answer 500 and log an error
// (lib/http/action-origin.mjs); the same condition as Next.js's own check.
const { createActionOriginCheck } = await import("./lib/http/action-origin.mjs");
const crossSiteAction = createActionOriginCheck({ allowedOrigins: conf?.experimental?.serverActions?.allowedOrigins });

const server = http.createServer({ ...SERVER_TIMEOUTS }, (req, res) => {
  req.headers["x-pocketid-client-ip"] = req.socket.remoteAddress ?? "";
  if (hsts) res.setHeader("Strict-Transport-Security", hsts);
  // Same body shapes and codes as lib/errors.ts (the REST error format).
  if (!METHODS.has(req.method ?? "")) {
    res.writeHead(405, { ...JSON_HEADERS, allow: [...METHODS].join(", ") });
    res.end(JSON.stringify({ error: "This endpoint does not accept this HTTP method: see the Allow header.", code: "method_not_allowed" }));
    return;
  }
  // RFC 9112 §3.2: absolute-form served as the request for its path; `OPTIONS *` answered here.
  const target = originFormTarget(req.url);
  if (target === null) {
    if (req.method === "OPTIONS" && req.url === "*") {
      res.writeHead(204, { ...security, allow: [...METHODS].join(", ") });
      res.end();
      return;
    }
    res.writeHead(400, JSON_HEADERS);
    res.end(JSON.stringify({ error: "The request target is not a path on this server: send the path, such as /login.", code: "invalid_request_path" }));
    return;
  }
  if (target.host !== null) {
    req.url = target.url;
    req.headers.host = target.host;
  }
  if (hasBadEscape(req.url)) {
    res.writeHead(400, JSON_HEADERS);
    res.end(JSON.stringify({ error: "The request path is not valid: it has a broken percent-escape.", code: "invalid_request_path" }));
    return;
  }
  if (pathRedirect?.(req, res)) return;
  if (crossSiteAction(req)) {
    res.writeHead(403, JSON_HEADERS);
    res.end(JSON.stringify({ error: "The request did not come from this site.", code: "invalid_origin" }));
    return;
  }
  if (fast?.handle(req, res, handle)) return;
  handle(req, res);
});
server.keepAliveTimeout = 65_000;
server.on("clientError", createClientErrorHandler({ headers: security, hsts }));
// A port already taken (or not ours to bind) must stop the process with a failure a supervisor
// sees: unhandled, Next.js only logged it as an uncaughtException and the process exited 0.
server.on("error", (e) => {
  // Once listening (an accept error such as EMFILE): log it and keep serving.
  if (server.listening) return console.error(`[server] ${e.message}`);
  const why = e.code === "EADDRINUSE" ? `port ${port} on ${host} is already in use (set PORT or HOST)` : e.code === "EACCES" ? `no permission to listen on port ${port} (use a port above 1023, or set PORT)` : e.message;
  console.error(`[server] cannot start: ${why}`);
  process.exit(1);
});
server.listen(port, host, () => {
  // Boot (config check, migrations, signing key) runs in instrumentation.ts before the first
  // request is served: make that happen now, so a bad configuration stops the process at start.
  const self = { host: host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host, port, path: "/healthz" };
  http
    .get(self, (r) => {
      r.resume();
      if (r.statusCode !== 204) return;
      // Next.js has now run instrumentation.ts (boot): only then may requests bypass it.
      fast?.arm();
      console.log(`[server] ready on http://${host}:${port}`);
      if (fast) console.log(`[server] fast path for ${fast.paths.join(" ")}`);
    })
    .on("error", () => {});
});
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  });
}
