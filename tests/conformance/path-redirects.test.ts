// A path with a trailing slash (/login/), backslashes or repeated slashes is redirected (308) to its
// canonical form, as Next.js does, but with the security headers every other answer carries: Next.js's
// own 308 had none (no CSP frame-ancestors, no X-Frame-Options, no nosniff, no Referrer-Policy).
// And the Location stays on this server however the path was crafted: a browser would read a
// Location of //evil.example/ (or /\evil.example/, or one with a tab it drops) as another host.
import net from "node:net";
import { describe, expect, it } from "vitest";
import { ISSUER } from "./helpers/op";

const FIXED = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

interface RawAnswer {
  status: number;
  headers: Record<string, string>;
}

/** Sends `path` byte for byte as the request target (fetch and node:http would clean it up first). */
function rawRequest(path: string, method = "GET"): Promise<RawAnswer> {
  const { host } = new URL(ISSUER());
  return rawBytes(`${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Sends `request` byte for byte and reads the answer until the server closes the connection. */
function rawBytes(request: string): Promise<RawAnswer & { raw: string }> {
  const { hostname, port } = new URL(ISSUER());
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname === "localhost" ? "127.0.0.1" : hostname, () => {
      socket.write(request, "latin1");
    });
    let data = "";
    socket.setEncoding("latin1");
    socket.on("data", (d) => (data += d));
    socket.on("error", (e: NodeJS.ErrnoException) => (e.code === "ECONNRESET" || e.code === "EPIPE" ? undefined : reject(e)));
    socket.on("close", () => {
      const [head] = data.split("\r\n\r\n");
      const [statusLine, ...lines] = head.split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(" ")[1]), headers, raw: data });
    });
  });
}

/** Where a browser goes when it follows the answer's Location. */
const followed = (location: string) => new URL(location, ISSUER());

describe("canonical path redirects", () => {
  it("redirects a trailing slash with 308 to the path without it, with the security headers, on pages, APIs and protocol endpoints alike", async () => {
    for (const [path, location] of [
      ["/login/", "/login"],
      ["/settings/account/", "/settings/account"],
      ["/api/users/", "/api/users"],
      ["/.well-known/openid-configuration/", "/.well-known/openid-configuration"],
      ["/api/oidc/token/", "/api/oidc/token"],
      ["/authorize/?client_id=app&state=s%2F1", "/authorize?client_id=app&state=s%2F1"],
      ["/a//b/", "/a/b"],
    ]) {
      const res = await fetch(ISSUER() + path, { redirect: "manual" });
      expect(res.status, path).toBe(308);
      expect(res.headers.get("location"), path).toBe(location);
      expect(Object.fromEntries(res.headers), path).toMatchObject(FIXED);
      // The issuer is http here: no HSTS (fast-path.test.ts checks it is there for an https issuer).
      expect(res.headers.get("strict-transport-security"), path).toBeNull();
    }
  });

  it("keeps the method (308): a POST to the token endpoint with a trailing slash is sent on to the token endpoint", async () => {
    const res = await fetch(`${ISSUER()}/api/oidc/token/`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "grant_type=client_credentials" });
    expect(res.status).toBe(308);
    expect(res.headers.get("location")).toBe("/api/oidc/token");
    expect(Object.fromEntries(res.headers)).toMatchObject(FIXED);
  });

  it("brings a client that follows the redirect to the document it asked for", async () => {
    const res = await fetch(`${ISSUER()}/.well-known/openid-configuration/`);
    expect(res.status).toBe(200);
    expect((await res.json()).issuer).toBe(ISSUER());
  });

  it("never redirects to another host, however the path is crafted", async () => {
    const cases: [string, string | null][] = [
      ["//evil.example/", "/evil.example"],
      ["///evil.example/", "/evil.example"],
      ["//evil.example", "/evil.example"],
      ["/\\evil.example/", "/evil.example"],
      ["/\\/evil.example/", "/evil.example"],
      ["/%2F%2Fevil/", "/%2F%2Fevil"],
      ["/%5C%5Cevil/", "/%5C%5Cevil"],
      ["/%09/evil/", "/%09/evil"],
      // A browser drops a tab from a URL: it sends /\t/evil/ as //evil/.
      ["//evil/", "/evil"],
      // Sent raw, the tab is refused by Node's HTTP parser before any code of ours runs: 400, no Location.
      ["/\t/evil/", null],
      ["/.//evil.example/", "/./evil.example"],
      ["/login//?next=//evil.example", "/login?next=//evil.example"],
    ];
    for (const [path, location] of cases) {
      const res = await rawRequest(path);
      const what = JSON.stringify(path);
      if (location === null) {
        expect(res.status, what).toBe(400);
        expect(res.headers.location, what).toBeUndefined();
        continue;
      }
      expect(res.status, what).toBe(308);
      expect(res.headers.location, what).toBe(location);
      expect(followed(res.headers.location).origin, what).toBe(new URL(ISSUER()).origin);
      expect(res.headers, what).toMatchObject(FIXED);
    }
  });

  it("answers a request line in absolute-form as the same request for its path (RFC 9112 §3.2.2), never with a redirect to the host it names", async () => {
    // Next.js answered every absolute-form target with a 308 to that very URL, another host
    // included, and without the security headers.
    for (const [target, location] of [
      ["http://evil.example//x/", "/x"],
      ["https://evil.example/login/", "/login"],
      ["HTTP://evil.example//evil.example/", "/evil.example"],
    ] as const) {
      const res = await rawRequest(target);
      expect(res.status, target).toBe(308);
      expect(res.headers.location, target).toBe(location);
      expect(res.headers, target).toMatchObject(FIXED);
    }
    for (const target of ["http://evil.example/healthz", "http://evil.example/.well-known/openid-configuration", "http://evil.example"]) {
      const res = await rawRequest(target);
      expect(res.status, target).not.toBe(308);
      expect(res.status, target).toBeLessThan(400);
      if (res.headers.location) expect(followed(res.headers.location).origin, target).toBe(new URL(ISSUER()).origin);
    }
    // Credentials in the authority (RFC 9110 §4.2.4: an error), or another scheme: 400, no Location.
    for (const target of ["http://user:pw@evil.example//x/", "ftp://evil.example//x/"]) {
      const res = await rawRequest(target);
      expect(res.status, target).toBe(400);
      expect(res.headers.location, target).toBeUndefined();
    }
  });

  it("answers the asterisk-form (OPTIONS *, RFC 9110 §9.3.7) with the methods, and a stray * with 400, never a 500", async () => {
    const options = await rawRequest("*", "OPTIONS");
    expect(options.status).toBe(204);
    expect(options.headers.allow).toContain("GET");
    for (const method of ["GET", "POST"]) {
      const res = await rawRequest("*", method);
      expect(res.status, method).toBe(400);
      expect(res.headers["content-type"], method).toBe("application/json");
    }
  });
});

// server.mjs answers some requests itself, before Next.js and its headers() rules: an unknown
// method (405), a target that is not a path or has a broken percent-escape (400), `OPTIONS *`
// (204). They carried nosniff only: no CSP frame-ancestors, X-Frame-Options or Referrer-Policy.
describe("answers server.mjs writes itself", () => {
  it("carry the same security headers as every other answer", async () => {
    for (const [method, target, status] of [
      ["TRACE", "/login", 405],
      ["PROPFIND", "/api/users", 405],
      ["GET", "*", 400],
      ["POST", "ftp://evil.example/x", 400],
      ["GET", "/api/oidc/clients/%ff", 400],
      ["OPTIONS", "*", 204],
    ] as const) {
      const what = `${method} ${target}`;
      const res = await rawRequest(target, method);
      expect(res.status, what).toBe(status);
      expect(res.headers, what).toMatchObject(FIXED);
      if (status !== 204) expect(res.headers["content-type"], what).toBe("application/json");
    }
  });
});

// Requests Node's HTTP parser refuses never reach server.mjs's handler: Node answered them with a
// bare "400 Bad Request", without any of the headers above. server.mjs's clientError listener
// (lib/http/client-error.mjs) answers Node's status with them, no body, and closes the connection.
describe("answers to requests Node's HTTP parser refuses", () => {
  it("carry the security headers and Connection: close, with Node's status, and echo nothing", async () => {
    const { host } = new URL(ISSUER());
    for (const [what, request, status] of [
      ["a tab in the target", `GET /\t/<b>evil</b>/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`, 400],
      ["a malformed request line", "GET /a b c <b>evil</b> HTTP/1.1\r\n\r\n", 400],
      ["a header without a colon", `GET / HTTP/1.1\r\nHost: ${host}\r\n<b>evil</b>\r\n\r\n`, 400],
      ["headers over Node's 16 KiB", `GET / HTTP/1.1\r\nHost: ${host}\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
      ["broken chunked framing on the token endpoint", `POST /api/oidc/token HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n<b>evil</b>\r\n0\r\n\r\n`, 400],
      ["Content-Length with Transfer-Encoding", `POST /api/oidc/token HTTP/1.1\r\nHost: ${host}\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\nhello`, 400],
    ] as const) {
      const res = await rawBytes(request);
      expect(res.status, what).toBe(status);
      expect(res.headers, what).toMatchObject({ ...FIXED, connection: "close", "content-length": "0" });
      expect(res.raw, what).not.toContain("evil");
      expect(res.raw.indexOf("\r\n\r\n"), what).toBe(res.raw.length - 4);
    }
  });
});
