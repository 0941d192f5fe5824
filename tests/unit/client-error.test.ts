// Requests Node's HTTP parser refuses never reach a handler: Node answered them with a bare
// "400 Bad Request" and no headers. server.mjs's clientError listener (lib/http/client-error.mjs)
// answers the status Node would, with the security headers, Connection: close and no body, and
// never echoes the request. A plain node:http server with the same listener and limits, over raw
// sockets (a client library would refuse to send these requests).
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SERVER_TIMEOUTS, createClientErrorHandler } from "@/lib/http/client-error.mjs";

const SECURITY = { "content-security-policy": "default-src 'none'; frame-ancestors 'none'", "x-frame-options": "DENY", "x-content-type-options": "nosniff", "referrer-policy": "no-referrer" };
const HSTS = "max-age=31536000; includeSubDomains";

interface RawAnswer {
  status: number;
  statusLine: string;
  headers: Record<string, string>;
  raw: string;
  closed: boolean;
}

let server: http.Server;
let port = 0;
let slowServer: http.Server;
let slowPort = 0;

function listen(s: http.Server): Promise<number> {
  return new Promise((resolve) => s.listen(0, "127.0.0.1", () => resolve((s.address() as AddressInfo).port)));
}

beforeAll(async () => {
  // Answers once the whole body is in, as the app's routes do.
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/plain", "content-length": "2" });
      res.end("ok");
    });
  };
  server = http.createServer({ ...SERVER_TIMEOUTS }, handler);
  server.on("clientError", createClientErrorHandler({ headers: SECURITY, hsts: HSTS }));
  port = await listen(server);
  // The same listener with short limits, so that a timed-out request is seen in a test's time.
  slowServer = http.createServer({ headersTimeout: 300, requestTimeout: 600, connectionsCheckingInterval: 100 }, handler);
  slowServer.on("clientError", createClientErrorHandler({ headers: SECURITY, hsts: null }));
  slowPort = await listen(slowServer);
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await new Promise<void>((resolve) => slowServer.close(() => resolve()));
});

/**
 * Writes `chunks` byte for byte, each after the previous one (`gapMs` apart, or once the answer so
 * far ends with `afterEach`), and reads until the server closes the connection.
 */
function raw(p: number, chunks: string[], pace: { gapMs?: number; afterEach?: string } = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(p, "127.0.0.1");
    const data: Buffer[] = [];
    let i = 0;
    const next = () => {
      if (i >= chunks.length || socket.destroyed) return;
      socket.write(chunks[i++]);
      if (pace.gapMs) setTimeout(next, pace.gapMs);
      else if (!pace.afterEach) next();
    };
    socket.on("connect", next);
    socket.on("data", (d) => {
      data.push(d);
      if (pace.afterEach && Buffer.concat(data).toString("latin1").endsWith(pace.afterEach)) next();
    });
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? undefined : reject(e)));
    socket.on("close", () => {
      const text = Buffer.concat(data).toString("latin1");
      const [head] = text.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), statusLine, headers, raw: text, closed: true });
    });
  });
}

function expectRefused(res: RawAnswer, status: number, reason: string, hsts: string | null = HSTS) {
  expect(res.statusLine).toBe(`HTTP/1.1 ${status} ${reason}`);
  expect(res.headers).toMatchObject({ ...SECURITY, connection: "close", "content-length": "0", "cache-control": "no-store" });
  expect(res.headers["strict-transport-security"]).toBe(hsts ?? undefined);
  // Nothing after the header block: no body, no second answer.
  expect(res.raw.endsWith("\r\n\r\n")).toBe(true);
  expect(res.raw.indexOf("\r\n\r\n")).toBe(res.raw.length - 4);
}

describe("answers to requests Node's HTTP parser refuses", () => {
  it("a malformed request line: 400 with the security headers and Connection: close, nothing of it echoed", async () => {
    for (const line of ["GET /a b c HTTP/1.1", "GET /<script>alert(1)</script>\t/ HTTP/1.1", "NOT A REQUEST LINE", "GET / HTTP/9.9x"]) {
      const res = await raw(port, [`${line}\r\nHost: x\r\n\r\n`]);
      expectRefused(res, 400, "Bad Request");
      expect(res.raw, line).not.toContain("script");
      expect(res.raw, line).not.toContain("NOT A");
    }
  });

  it("a header block larger than Node's limit: 431", async () => {
    const res = await raw(port, [`GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`]);
    expectRefused(res, 431, "Request Header Fields Too Large");
  });

  it("broken chunked framing: 400", async () => {
    const res = await raw(port, ["POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"]);
    expectRefused(res, 400, "Bad Request");
  });

  it("both Content-Length and Transfer-Encoding, or two Content-Lengths (request smuggling): 400", async () => {
    for (const headers of ["Content-Length: 5\r\nTransfer-Encoding: chunked", "Content-Length: 5\r\nContent-Length: 6"]) {
      const res = await raw(port, [`POST / HTTP/1.1\r\nHost: x\r\n${headers}\r\n\r\nhello`]);
      expectRefused(res, 400, "Bad Request");
    }
  });

  it("a bad request after a good one on the same connection: the first is answered normally, the second refused", async () => {
    // The second is sent once the first has had its answer.
    const res = await raw(port, ["GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n"], { afterEach: "ok" });
    expect(res.statusLine).toBe("HTTP/1.1 200 OK");
    const second = res.raw.slice(res.raw.indexOf("ok") + 2);
    expect(second.startsWith("HTTP/1.1 400 Bad Request\r\n")).toBe(true);
    expect(second).toContain("x-frame-options: DENY");
  });

  it("headers sent too slowly: 408 with the security headers, and the connection closed", async () => {
    const res = await raw(slowPort, ["GET / HTTP/1.1\r\n", "Host: x\r\n", "X-A: 1\r\n", "X-B: 1\r\n", "X-C: 1\r\n", "X-D: 1\r\n", "X-E: 1\r\n", "X-F: 1\r\n", "\r\n"], { gapMs: 150 });
    expectRefused(res, 408, "Request Timeout", null);
  });

  it("a body sent too slowly (slowloris on a POST): 408, and the connection closed", async () => {
    const chunks = ["POST /api/oidc/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 40\r\n\r\n", ...Array.from({ length: 20 }, () => "aa")];
    const res = await raw(slowPort, chunks, { gapMs: 100 });
    expectRefused(res, 408, "Request Timeout", null);
  });

  it("sets limits well under Node's defaults (60 s for headers, 300 s for the request), headers first", () => {
    expect(SERVER_TIMEOUTS.headersTimeout).toBeLessThan(60_000);
    expect(SERVER_TIMEOUTS.requestTimeout).toBeLessThan(300_000);
    expect(SERVER_TIMEOUTS.headersTimeout).toBeLessThanOrEqual(SERVER_TIMEOUTS.requestTimeout);
    expect(server.headersTimeout).toBe(SERVER_TIMEOUTS.headersTimeout);
    expect(server.requestTimeout).toBe(SERVER_TIMEOUTS.requestTimeout);
  });
});
