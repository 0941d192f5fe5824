// The framework fast path of server.mjs (issue 10 item 3): the hot protocol endpoints are answered
// by the SAME route handler functions Next.js calls (the compiled route module's `userland`
// exports, loaded through the same require cache, so the same Prisma client, key ring and config
// caches), without Next's router: no route resolution, no request/work stores, no tracing spans,
// no response-cache layer. What Next would add around them is added here from Next's own data:
// - the next.config.ts headers() rules, read from the build's routes-manifest.json (the very rules
//   Next applies, so the two cannot drift);
// - the response headers as send-response.js copies them (a header already set, such as HSTS from
//   server.mjs or one from headers(), is not overwritten; Content-Length is recomputed by Node);
// - no body for HEAD; Next's Vary on its router headers; no compression (Next 16 compresses
//   pages, not route handler responses);
// - the request as Next builds it (NextRequest, URL from the server's hostname and port, the body
//   as the Node stream, an abort signal when the client goes away, internal headers removed, the
//   x-forwarded-* defaults set).
// Only exact paths (no trailing slash; any query string) and methods the route file exports
// itself are served here; anything else (auto-implemented HEAD/OPTIONS, other paths) goes to Next.
// server.mjs skips it when FAST_PATH=off. If this Next version's route modules have no `userland`, or the build
// has no manifest, everything goes to Next (logged once at start).
import { createRequire } from "node:module";
import { existsSync, readFileSync } from "node:fs";
import { isIPv6 } from "node:net";
import { join } from "node:path";

/**
 * FAST_PATH as server.mjs reads it: true (the default) or false; anything it cannot read throws
 * (server.mjs stops with that sentence) rather than silently leaving the fast path on.
 */
export function fastPathSetting(value) {
  const v = (value ?? "").trim().toLowerCase();
  if (["", "on", "true", "1", "yes"].includes(v)) return true;
  if (["off", "false", "0", "no"].includes(v)) return false;
  throw new Error(`FAST_PATH must be on or off (got "${value}"): set FAST_PATH=off to send every request through Next.js's router, or leave it unset.`);
}

/**
 * Route handlers that need none of Next's request context (no cookies(), headers(), after(),
 * draftMode(): they read cookies from the request and set them on their Response). The protocol
 * endpoints, and the passkey sign-in ceremony's two requests, whose server time a person waits
 * for at every sign-in (issue 10: p99 under 20 ms).
 */
export const FAST_PATHS = [
  "/.well-known/openid-configuration",
  "/.well-known/oauth-authorization-server",
  "/.well-known/jwks.json",
  "/api/oidc/token",
  "/api/oidc/userinfo",
  "/api/oidc/introspect",
  "/api/oidc/revoke",
  "/api/webauthn/login/start",
  "/api/webauthn/login/finish",
  "/healthz",
];

const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** next/dist/server/lib/server-ipc/utils.js: headers Next removes from every incoming request. */
const INTERNAL_HEADERS = [
  "x-middleware-rewrite", "x-middleware-redirect", "x-middleware-set-cookie", "x-middleware-skip", "x-middleware-override-headers",
  "x-middleware-next", "x-now-route-matches", "x-matched-path", "x-nextjs-data", "x-next-resume-state-length", "next-resume",
];
/** next/dist/server/send-response.js: never copied from a Response; Node frames the body itself. */
const FORBIDDEN_HEADERS = new Set(["content-length", "content-encoding", "transfer-encoding"]);
/** next/dist/server/base-server.js setVaryHeader (no interception routes here). */
const APP_ROUTER_VARY = "rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch";
const MULTI_VALUE_HEADERS = new Set(["set-cookie", "www-authenticate", "proxy-authenticate", "vary"]);

/**
 * Prepares the fast path for the build in `dir` (the directory holding .next). Returns null when
 * it cannot be used; else `{ paths, arm(), handle(req, res, fallback) }`: `handle` returns false
 * for a request it does not serve. It serves nothing until `arm()` (after Next has answered the
 * first request, so instrumentation.ts's boot, migrations and keys included, has run).
 */
export async function createFastPath({ dir, hostname, port, log = console, paths = FAST_PATHS }) {
  const distDir = join(dir, ".next");
  const why = (reason) => {
    log.warn(`[server] fast path off: ${reason}; every request goes through Next.js`);
    return null;
  };
  try {
    const routes = JSON.parse(readFileSync(join(distDir, "routes-manifest.json"), "utf8"));
    const appPaths = JSON.parse(readFileSync(join(distDir, "server", "app-paths-manifest.json"), "utf8"));
    const { config } = JSON.parse(readFileSync(join(distDir, "required-server-files.json"), "utf8"));
    if (config.basePath || config.i18n || config.trailingSlash) return why("basePath, i18n or trailingSlash is configured");
    const require = createRequire(join(dir, "server.mjs"));
    const { NextRequest } = require("next/server");
    const origin = config.experimental?.trustHostHeader ? null : `http://${isIPv6(hostname) ? `[${hostname}]` : hostname}:${port}`;

    const table = new Map();
    for (const path of paths) {
      const file = appPaths[`${path}/route`];
      if (!file) return why(`no route file for ${path}`);
      const routeFile = join(distDir, "server", file);
      if (!existsSync(routeFile)) return why(`${routeFile} is missing`);
      const other = othersMatching(distDir, routes, path);
      if (other) return why(`${path}: ${other} applies to it`);
      const headers = headersFor(routes.headers ?? [], path);
      if (!headers) return why(`${path}: a headers() rule has conditions or parameters`);
      table.set(path, { path, routeFile, headers, handlers: undefined, loading: undefined });
    }
    // Route modules load on first use, as Next loads them (start-up time and idle memory stay
    // Next's); /healthz's, small and loaded by the start-up probe anyway, now: it tells whether
    // this Next.js version's route modules have the shape relied on.
    const load = (route) => (route.loading ??= loadRoute(require, route));
    const first = table.get("/healthz") ?? table.values().next().value;
    if (first) {
      const problem = await load(first);
      if (problem) return why(problem);
    }
    let armed = false;
    return {
      paths: [...table.keys()],
      arm() {
        armed = true;
      },
      /**
       * True when the fast path answers (or, on a route's first request, will answer or hand to
       * `fallback`); false when the request is Next's.
       */
      handle(req, res, fallback) {
        if (!armed) return false;
        // A router request (base-server.js isRSCRequestHeader): Next.js checks its cache-busting
        // `_rsc` parameter and redirects (307) when it does not match, so that a CDN ignoring Vary
        // cannot cache this answer under the plain URL. Rare (no browser sends it to these
        // endpoints): left to Next.js rather than copied.
        if (req.headers.rsc === "1") return false;
        const q = req.url.indexOf("?");
        const route = table.get(q < 0 ? req.url : req.url.slice(0, q));
        if (!route || route.handlers === null) return false;
        const run = () => {
          const handler = route.handlers?.[req.method];
          if (!handler) return false;
          serve(req, res, route, handler, { NextRequest, origin, hostname, port }).catch((e) => fail(res, e, log));
          return true;
        };
        if (route.handlers) return run();
        // The body stays unread while the module loads: Next can still take the request.
        load(route).then(
          (problem) => {
            if (problem) log.warn(`[server] fast path off for ${route.path}: ${problem}; it goes through Next.js`);
            if (!run()) fallback(req, res);
          },
          (e) => fail(res, e, log),
        );
        return true;
      },
    };
  } catch (e) {
    return why(`cannot read the build (${e?.message ?? e})`);
  }
}

/**
 * Loads a route's compiled module (same require cache as Next's own load, so the same module
 * instances) and keeps the handlers it exports; null when usable, else why not (the route then
 * stays Next's).
 */
async function loadRoute(require, route) {
  try {
    const routeModule = require(route.routeFile)?.routeModule;
    if (typeof routeModule?.ensureUserland === "function") await routeModule.ensureUserland();
    const userland = routeModule?.userland;
    if (!userland || typeof userland !== "object") throw new Error(`${route.path}: the route module has no userland exports (another Next.js version?)`);
    if (userland.runtime === "edge" || userland.revalidate !== undefined || (userland.dynamic && userland.dynamic !== "force-dynamic")) {
      throw new Error(`${route.path}: the route is not a plain dynamic Node.js route (runtime, revalidate or dynamic is set)`);
    }
    const handlers = {};
    for (const m of METHODS) if (typeof userland[m] === "function") handlers[m] = userland[m];
    if (!handlers.GET && !handlers.POST) throw new Error(`${route.path}: no GET or POST handler`);
    route.handlers = handlers;
    return null;
  } catch (e) {
    route.handlers = null;
    return e?.message ?? String(e);
  }
}

/**
 * What else Next would do for `path` that the fast path does not: a redirect (its trailing-slash
 * 308 only matches paths ending in /), a rewrite, on-match headers, or proxy.ts (middleware).
 */
function othersMatching(distDir, routes, path) {
  const hits = (list) => (list ?? []).some((r) => r.regex && new RegExp(r.regex, routes.caseSensitive ? "" : "i").test(path));
  if (hits(routes.redirects)) return "a redirect";
  const rw = routes.rewrites ?? {};
  if (Array.isArray(rw) ? hits(rw) : hits(rw.beforeFiles) || hits(rw.afterFiles) || hits(rw.fallback)) return "a rewrite";
  if (hits(routes.onMatchHeaders)) return "an on-match header rule";
  const matchers = [];
  for (const file of ["functions-config-manifest.json", "middleware-manifest.json"]) {
    const manifest = join(distDir, "server", file);
    if (!existsSync(manifest)) continue;
    const data = JSON.parse(readFileSync(manifest, "utf8"));
    for (const entry of [...Object.values(data.functions ?? {}), ...Object.values(data.middleware ?? {})]) {
      if (entry && (file === "middleware-manifest.json" || entry === data.functions?.["/_middleware"])) matchers.push(...(entry.matchers ?? []));
    }
  }
  if (matchers.some((m) => new RegExp(m.regexp).test(path))) return "proxy.ts (its matcher)";
  return null;
}

/**
 * The headers() rules matching `path`, folded in order (a later rule's value wins, as in Next's
 * resolve-routes). Null when a matching rule has has/missing conditions or a value refers to a
 * path parameter: those are Next's to evaluate.
 */
export function headersFor(rules, path) {
  const out = {};
  for (const rule of rules) {
    if (!new RegExp(rule.regex).test(path)) continue;
    if (rule.has || rule.missing) return null;
    for (const { key, value } of rule.headers) {
      if (/:[A-Za-z_]/.test(key) || /:[A-Za-z_]/.test(value.replace(/https?:\/\//g, ""))) return null;
      for (const k of Object.keys(out)) if (k.toLowerCase() === key.toLowerCase()) delete out[k];
      out[key] = value;
    }
  }
  return out;
}

async function serve(req, res, route, handler, { NextRequest, origin, hostname, port }) {
  for (const h of INTERNAL_HEADERS) delete req.headers[h];
  // base-server.js handleRequestImpl: the x-forwarded-* defaults Next gives every request.
  const forwardedProto = req.headers["x-forwarded-proto"];
  const isHttps = forwardedProto ? forwardedProto === "https" : !!req.socket.encrypted;
  req.headers["x-forwarded-host"] ??= req.headers.host ?? hostname;
  req.headers["x-forwarded-port"] ??= String(port);
  req.headers["x-forwarded-proto"] ??= isHttps ? "https" : "http";
  req.headers["x-forwarded-for"] ??= req.socket.remoteAddress;
  for (const [key, value] of Object.entries(route.headers)) res.setHeader(key, value);
  // base-server.js setVaryHeader: every App Router response varies on the router's headers.
  res.setHeader("vary", APP_ROUTER_VARY);
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort(new Error("ResponseAborted"));
  });
  const https = req.socket.encrypted || (req.headers["x-forwarded-proto"] ?? "").includes("https");
  const base = origin ? (https ? origin.replace(/^http:/, "https:") : origin) : `https://${req.headers.host || "localhost"}`;
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  // A small body with a declared length (every token, introspection and revocation request) is
  // read here in one piece and handed over as bytes: the Request then reads it from memory
  // instead of adapting Node's stream into a web stream (measured: about a third of the request
  // object's cost). Anything else (chunked, or declared larger than the endpoints accept) is
  // passed as the stream, as Next passes it, so the handler refuses an oversized body unread.
  const body = hasBody ? await bodyOf(req) : undefined;
  if (body === null) {
    // The client went away before its body ended: there is nobody to answer.
    res.destroy();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.append(name, value);
  }
  const request = new NextRequest(new URL(req.url, base), {
    method: req.method,
    headers,
    signal: controller.signal,
    ...(body === req ? { body, duplex: "half" } : body ? { body } : {}),
  });
  const response = await handler(request, { params: Promise.resolve({}) });
  if (!(response instanceof Response)) throw new Error("the route handler did not return a Response");
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  // Headers#forEach visits each Set-Cookie line on its own: each is appended as it comes.
  response.headers.forEach((value, name) => {
    if (FORBIDDEN_HEADERS.has(name) || name === "x-middleware-set-cookie") return;
    if (name === "set-cookie") {
      res.appendHeader(name, value);
    } else if (MULTI_VALUE_HEADERS.has(name) || res.getHeader(name) === undefined) {
      res.appendHeader(name, value);
    }
  });
  if (!response.body || req.method === "HEAD") {
    await response.body?.cancel().catch(() => {});
    res.end();
    return;
  }
  const reader = response.body.getReader();
  try {
    const first = await reader.read();
    let next = first.done ? first : await reader.read();
    if (next.done) {
      // The whole body in one piece (every JSON answer of these endpoints): sent with its length
      // in one write instead of chunked encoding's three (framing only: the bytes are the same).
      if (first.value) res.setHeader("content-length", first.value.byteLength);
      res.end(first.value);
      return;
    }
    if (!res.write(first.value)) await drained(res);
    while (!next.done && !res.destroyed) {
      if (!res.write(next.value)) await drained(res);
      next = await reader.read();
    }
  } finally {
    reader.releaseLock();
  }
  res.end();
}

/** Bodies up to this size, with a declared length, are read whole before the handler runs (lib/http/body.ts MAX_BODY_BYTES). */
const WHOLE_BODY_LIMIT = 64 * 1024;

/**
 * The request body for the Request: its bytes when small and of declared length (null when the
 * client hung up before the end), else the Node stream itself.
 */
function bodyOf(req) {
  const declared = req.headers["content-length"];
  if (req.headers["transfer-encoding"] !== undefined || declared === undefined || !/^\d{1,9}$/.test(declared) || Number(declared) > WHOLE_BODY_LIMIT) {
    return Promise.resolve(req);
  }
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    const onData = (chunk) => {
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, size));
    };
    const onGone = () => {
      cleanup();
      resolve(null);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onGone);
      req.off("close", onGone);
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onGone);
    req.once("close", onGone);
  });
}

/** Resolves when `res` can take more, or is gone (a client that stops reading must not pin us). */
function drained(res) {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** A handler that throws (routeGuard already maps errors, so this is a bug): a JSON 500, never a stack trace. */
function fail(res, e, log) {
  log.error(`[error] fast path: ${e?.stack ?? String(e)}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) {
    if (!/^(strict-transport-security|content-security-policy|x-content-type-options|referrer-policy|x-frame-options)$/.test(name)) res.removeHeader(name);
  }
  res.statusCode = 500;
  res.setHeader("Content-Type", "application/json");
  res.setHeader("Cache-Control", "no-store");
  res.end(JSON.stringify({ error: "Something went wrong.", code: "internal_error" }));
}
