// lib/http/fast-path.mjs against a fixture build (manifests and route modules shaped as Next 16
// writes them): what it serves, what it leaves to Next.js, and that it never leaks a stack trace.
// The real build is compared with Next.js itself in tests/conformance/fast-path.test.ts.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createFastPath, fastPathSetting, headersFor, type FastPath } from "@/lib/http/fast-path.mjs";

// Inside the repository, so that the fixture resolves next/server from node_modules.
const root = resolve("test-results/fast-path-fixture");
const FIXED = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "X-Content-Type-Options", value: "nosniff" },
];
const HEADER_RULES = [
  { source: "/api/:path*", regex: "^/api(?:/((?:[^/]+?)(?:/(?:[^/]+?))*))?(?:/)?$", headers: FIXED },
  { source: "/healthz", regex: "^/healthz(?:/)?$", headers: [...FIXED, { key: "X-Content-Type-Options", value: "later-wins" }] },
];

const ROUTE = `
const userland = {
  dynamic: "force-dynamic",
  GET: async (request) => new Response(JSON.stringify({
    path: request.nextUrl.pathname, q: request.nextUrl.searchParams.get("q"), url: request.url,
    xff: request.headers.get("x-forwarded-for"), proto: request.headers.get("x-forwarded-proto"), internal: request.headers.get("x-middleware-next"),
  }), { status: 200, headers: { "content-type": "application/json", "x-content-type-options": "from-handler", "www-authenticate": "Bearer", "content-length": "999" } }),
  POST: async (request) => new Response(await request.text(), { status: 201, headers: { "cache-control": "no-store" } }),
  PUT: async () => { throw new Error("secret internals at /srv/app.js:1"); },
  DELETE: async () => "not a Response",
};
module.exports = { routeModule: { userland: __USERLAND__ } };
`;

function writeBuild(dir: string, opts: { userland?: string; redirects?: unknown[]; matcher?: string; dynamic?: string; apiUserland?: string } = {}) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, ".next", "server", "app"), { recursive: true });
  const n = (p: string) => join(dir, ".next", p);
  writeFileSync(n("routes-manifest.json"), JSON.stringify({ headers: HEADER_RULES, redirects: opts.redirects ?? [], rewrites: { beforeFiles: [], afterFiles: [], fallback: [] }, onMatchHeaders: [], caseSensitive: false }));
  writeFileSync(n("required-server-files.json"), JSON.stringify({ config: { basePath: "", compress: true, experimental: {} } }));
  writeFileSync(n("server/app-paths-manifest.json"), JSON.stringify({ "/api/thing/route": "app/api.cjs", "/healthz/route": "app/thing.cjs" }));
  const userland = opts.userland ?? (opts.dynamic ? `{ ...userland, dynamic: ${JSON.stringify(opts.dynamic)} }` : "userland");
  writeFileSync(n("server/app/thing.cjs"), ROUTE.replace("__USERLAND__", userland));
  writeFileSync(n("server/app/api.cjs"), ROUTE.replace("__USERLAND__", opts.apiUserland ?? userland));
  writeFileSync(
    n("server/functions-config-manifest.json"),
    JSON.stringify({ version: 1, functions: { "/_middleware": { runtime: "nodejs", matchers: [{ regexp: opts.matcher ?? "^/(?!api|healthz).*$" }] } } }),
  );
}

const warnings: string[] = [];
const log = { warn: (m: string) => warnings.push(m), error: (m: string) => warnings.push(m) };
let n = 0;
async function fastPath(opts: Parameters<typeof writeBuild>[1] = {}): Promise<FastPath | null> {
  const dir = join(root, String(++n));
  writeBuild(dir, opts);
  return createFastPath({ dir, hostname: "localhost", port: 1411, log, paths: ["/api/thing", "/healthz"] });
}

/** A server that answers with the fast path, else 599 ("went to Next.js"). */
async function serve(fast: FastPath) {
  const next = (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.statusCode = 599;
    res.end("next");
  };
  const server = http.createServer((req, res) => {
    if (fast.handle(req, res, next)) return;
    next(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}
const servers: http.Server[] = [];

beforeEach(() => {
  warnings.length = 0;
});
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

describe("fast path", () => {
  it("serves exact paths only once armed, with Next's request shape and header rules", async () => {
    const fast = (await fastPath())!;
    expect(fast.paths).toEqual(["/api/thing", "/healthz"]);
    const url = await serve(fast);
    expect((await fetch(`${url}/api/thing`)).status).toBe(599);
    fast.arm();
    const res = await fetch(`${url}/api/thing?q=1`, { headers: { "x-middleware-next": "1" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ path: "/api/thing", q: "1", url: "http://localhost:1411/api/thing?q=1", xff: "127.0.0.1", proto: "http", internal: null });
    // headers() rules first and not overwritten by the handler (send-response.js); WWW-Authenticate may repeat.
    expect(res.headers.get("content-security-policy")).toBe(FIXED[0].value);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("vary")).toBe("rsc, next-router-state-tree, next-router-prefetch, next-router-segment-prefetch");
    expect(res.headers.get("www-authenticate")).toBe("Bearer");
    // A later rule's value wins, as in Next.
    expect((await fetch(`${url}/healthz`)).headers.get("x-content-type-options")).toBe("later-wins");
    for (const other of ["/api/thing/", "/api/thing/x", "/API/thing", "/api/other"]) expect((await fetch(url + other)).status, other).toBe(599);
    expect((await fetch(`${url}/api/thing`, { method: "PATCH" })).status).toBe(599);
  });

  it("leaves a router (RSC) request to Next.js, which redirects it to its cache-busting URL (CDN cache poisoning)", async () => {
    const fast = (await fastPath())!;
    const url = await serve(fast);
    fast.arm();
    // Next.js answers `RSC: 1` without a matching `_rsc` parameter with a 307 to the URL that has it.
    expect((await fetch(`${url}/api/thing`, { headers: { rsc: "1" } })).status).toBe(599);
    expect((await fetch(`${url}/api/thing?_rsc=abc`, { headers: { rsc: "1", "next-router-state-tree": "x" } })).status).toBe(599);
    expect((await fetch(`${url}/api/thing`, { method: "POST", body: "x", headers: { rsc: "1" } })).status).toBe(599);
    // Other values of the header are not router requests to Next.js either: served here.
    expect((await fetch(`${url}/api/thing`, { headers: { rsc: "0" } })).status).toBe(200);
  });

  it("streams request bodies to the handler and sends no body for HEAD", async () => {
    const fast = (await fastPath())!;
    fast.arm();
    const url = await serve(fast);
    const posted = await fetch(`${url}/api/thing`, { method: "POST", body: "grant_type=x" });
    expect(posted.status).toBe(201);
    expect(await posted.text()).toBe("grant_type=x");
    const head = await fetch(`${url}/api/thing`, { method: "HEAD" });
    expect(head.status).toBe(599); // no HEAD export: Next.js derives it from GET
  });

  it("hands every body over whole: small ones read up front, chunked and oversized ones as the stream", async () => {
    const fast = (await fastPath())!;
    fast.arm();
    const url = await serve(fast);
    const echo = async (body: BodyInit, init: RequestInit = {}) => {
      const res = await fetch(`${url}/api/thing`, { method: "POST", body, ...init } as RequestInit);
      return { status: res.status, text: await res.text() };
    };
    // Declared length, small: read here in one piece (several TCP segments for the 60 KB one).
    expect(await echo("grant_type=x")).toEqual({ status: 201, text: "grant_type=x" });
    expect(await echo("")).toEqual({ status: 201, text: "" });
    const big = "a".repeat(60_000) + "ü";
    expect(await echo(big)).toEqual({ status: 201, text: big });
    // Declared larger than the endpoints accept: the stream, for the handler to refuse unread.
    const huge = "b".repeat(100_000);
    expect(await echo(huge)).toEqual({ status: 201, text: huge });
    // Chunked (no length): the stream.
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode("part1&"));
        c.enqueue(new TextEncoder().encode("part2"));
        c.close();
      },
    });
    expect(await echo(chunked, { duplex: "half" } as RequestInit)).toEqual({ status: 201, text: "part1&part2" });
  });

  it("drops a request whose client hangs up before its declared body ends, and serves the next", async () => {
    const fast = (await fastPath())!;
    fast.arm();
    const url = new URL(await serve(fast));
    const net = await import("node:net");
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(Number(url.port), url.hostname, () => {
        socket.write("POST /api/thing HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly-part");
        setTimeout(() => socket.destroy(), 50);
      });
      let got = "";
      socket.on("data", (d) => (got += d));
      socket.on("close", () => resolve(got));
    });
    expect(answer).toBe("");
    await new Promise((r) => setTimeout(r, 50));
    expect(warnings).toEqual([]); // not a server error: nothing logged
    expect((await fetch(`${url.origin}/api/thing`, { method: "POST", body: "next" })).status).toBe(201);
  });

  it("answers a throwing or broken handler with a JSON 500 and logs it, never a stack trace", async () => {
    const fast = (await fastPath())!;
    fast.arm();
    const url = await serve(fast);
    for (const method of ["PUT", "DELETE"]) {
      const res = await fetch(`${url}/api/thing`, { method });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ error: "Something went wrong.", code: "internal_error" });
      expect(text).not.toContain("/srv/app.js");
      expect(res.headers.get("content-security-policy")).toBe(FIXED[0].value);
      expect(res.headers.get("cache-control")).toBe("no-store");
    }
    expect(warnings.join("\n")).toContain("secret internals");
  });

  it("leaves everything to Next.js when the build is not what it knows", async () => {
    expect(await fastPath({ userland: "undefined" })).toBeNull();
    expect(warnings.at(-1)).toMatch(/no userland exports/);
    expect(await fastPath({ matcher: "^/.*$" })).toBeNull();
    expect(warnings.at(-1)).toMatch(/proxy\.ts/);
    expect(await fastPath({ redirects: [{ source: "/healthz", regex: "^/healthz$", destination: "/x" }] })).toBeNull();
    expect(warnings.at(-1)).toMatch(/redirect/);
    expect(await fastPath({ dynamic: "force-static" })).toBeNull();
    expect(warnings.at(-1)).toMatch(/not a plain dynamic/);
  });

  it("loads a route's module on its first request; one it cannot use stays Next's, logged once", async () => {
    const fast = (await fastPath({ apiUserland: "{ ...userland, revalidate: 60 }" }))!;
    expect(fast).not.toBeNull();
    fast.arm();
    const url = await serve(fast);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/api/thing`)).status).toBe(599);
    expect((await fetch(`${url}/api/thing`, { method: "POST", body: "kept for Next" })).status).toBe(599);
    expect(warnings.filter((w) => w.includes("/api/thing"))).toHaveLength(1);
    expect(warnings[0]).toMatch(/fast path off for \/api\/thing: .*not a plain dynamic/);
  });

  it("reads FAST_PATH as on or off in the usual spellings, and refuses anything else with a sentence", () => {
    for (const on of [undefined, "", "on", "ON", " true ", "1", "yes"]) expect(fastPathSetting(on), String(on)).toBe(true);
    // Before, only "off" turned it off: FAST_PATH=false or 0 silently left the fast path on.
    for (const off of ["off", "Off", "false", "FALSE", "0", "no"]) expect(fastPathSetting(off), off).toBe(false);
    for (const bad of ["disabled", "2", "of"]) expect(() => fastPathSetting(bad), bad).toThrow(/FAST_PATH must be on or off/);
  });

  it("headersFor refuses rules Next must evaluate itself (conditions, parameters)", () => {
    expect(headersFor([{ regex: "^/x$", headers: FIXED, has: [{ type: "header", key: "a" }] }], "/x")).toBeNull();
    expect(headersFor([{ regex: "^/x$", headers: [{ key: "Link", value: "/:slug" }] }], "/x")).toBeNull();
    expect(headersFor([{ regex: "^/x$", headers: [{ key: "Report-To", value: "https://r.example.com/x" }] }], "/x")).toEqual({ "Report-To": "https://r.example.com/x" });
  });
});
