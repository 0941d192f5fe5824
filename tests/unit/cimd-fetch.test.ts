// The Client ID Metadata Document fetcher (inventory §2.17) against a real local HTTP server:
// what it sends, which answers it refuses, and that loopback is blocked unless a test opts in.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CIMD_USER_AGENT, fetchCimdClient } from "@/lib/http/cimd-fetch";
import { isAllowedOutboundAddress } from "@/lib/http/outbound";

type Reply = { status?: number; type?: string; cache?: string; body: string; headers?: Record<string, string> };
let server: Server;
let base = "";
let lastHeaders: IncomingHttpHeaders = {};
const replies = new Map<string, (url: string) => Reply>();

beforeAll(async () => {
  server = createServer((req, res) => {
    lastHeaders = req.headers;
    const url = `${base}${req.url}`;
    const r = replies.get(req.url ?? "")?.(url) ?? { status: 404, body: "" };
    res.writeHead(r.status ?? 200, { "Content-Type": r.type ?? "application/json", ...(r.cache ? { "Cache-Control": r.cache } : {}), ...r.headers });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const doc = (url: string, extra: object = {}) => JSON.stringify({ client_id: url, redirect_uris: ["https://app.example/cb"], client_name: "Local App", ...extra });
const test = { unsafeAllowInternalForTests: true };

describe("fetchCimdClient", () => {
  it("fetches a valid document with the Pocket ID user agent and honours max-age", async () => {
    replies.set("/ok.json", (url) => ({ body: doc(url), cache: "public, max-age=600" }));
    const now = new Date("2026-01-01T00:00:00Z");
    const r = await fetchCimdClient(`${base}/ok.json`, test, now);
    expect(r.client).toMatchObject({ id: `${base}/ok.json`, name: "Local App", isPublic: true, pkceEnabled: true, clientType: "cimd" });
    expect(r.expiresAt.toISOString()).toBe("2026-01-01T00:10:00.000Z");
    expect(lastHeaders["user-agent"]).toBe(CIMD_USER_AGENT);
  });

  it("refuses loopback by default", async () => {
    replies.set("/ok.json", (url) => ({ body: doc(url) }));
    await expect(fetchCimdClient(`${base}/ok.json`)).rejects.toThrow(/does not connect to/);
  });

  it("refuses a hostname that resolves to loopback by default", async () => {
    const port = (server.address() as AddressInfo).port;
    await expect(fetchCimdClient(`http://localhost:${port}/ok.json`)).rejects.toThrow(/does not connect to/);
  });

  it.each([
    ["no-store", { cache: "no-store" }, /no-store/],
    ["a redirect", { status: 302, headers: { Location: "/ok.json" } }, /HTTP 302/],
    ["a 404", { status: 404 }, /HTTP 404/],
    ["HTML", { type: "text/html" }, /not JSON/],
    ["invalid JSON", { bodyOverride: "{" }, /not valid JSON/],
    ["a huge document", { bodyOverride: JSON.stringify({ pad: "x".repeat(70_000) }) }, /larger than/],
    ["a document for another URL", { bodyOverride: doc("https://other.example/m.json") }, /client_id/],
  ] as const)("refuses %s", async (_name, reply, message) => {
    const path = `/bad-${_name.replace(/\W/g, "")}.json`;
    replies.set(path, (url) => {
      const r = reply as Partial<Reply> & { bodyOverride?: string };
      return { ...r, body: r.bodyOverride ?? doc(url) };
    });
    await expect(fetchCimdClient(`${base}${path}`, test)).rejects.toThrow(message);
  });
});

describe("isAllowedOutboundAddress with blockInternal", () => {
  it.each([
    ["127.0.0.1", false],
    ["10.1.2.3", false],
    ["172.20.0.1", false],
    ["192.168.1.1", false],
    ["100.64.0.1", false],
    ["::1", false],
    ["fd12::1", false],
    ["::ffff:192.168.1.1", false],
    ["::7f00:1", false],
    ["::ffff:0:7f00:1", false],
    ["64:ff9b::7f00:1", false],
    ["64:ff9b::10.0.0.1", false],
    ["2002:c0a8:101::1", false],
    ["64:ff9b::5db8:d822", true],
    ["169.254.169.254", false],
    ["2001:db8:5::1", false],
    ["93.184.216.34", true],
    ["2606:4700::1", true],
  ])("%s → %s", (ip, allowed) => {
    expect(isAllowedOutboundAddress(ip, { allowLinkLocal: false, blockInternal: true, extraBlockedIpv6: ["2001:db8:5::/48"] })).toBe(allowed);
  });

  it("back-channel logout keeps private networks reachable", () => {
    expect(isAllowedOutboundAddress("192.168.1.1", { allowLinkLocal: false })).toBe(true);
  });
});
