// A client that goes away in the middle of its request body (Node's "aborted", ECONNRESET) is its
// own doing: one line at info, not an error with a stack trace. Before, every such request logged
// a six-line [error], so anyone could fill the operator's error log by opening and dropping
// connections to /api/oidc/token.
import { afterEach, describe, expect, it, vi } from "vitest";
import { logError } from "@/lib/log";

function clientAbort(): Error {
  // What node:_http_server's abortIncoming destroys the request with.
  return Object.assign(new Error("aborted"), { code: "ECONNRESET" });
}

describe("logError", () => {
  afterEach(() => vi.restoreAllMocks());

  it("logs a client that closed its connection mid-request as one info line, without a stack", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    const info = vi.spyOn(console, "log").mockImplementation(() => {});
    logError("token", clientAbort());
    expect(error).not.toHaveBeenCalled();
    expect(info).toHaveBeenCalledTimes(1);
    expect(String(info.mock.calls[0][0])).toMatch(/^\[client\] token: /);
    expect(String(info.mock.calls[0][0])).not.toMatch(/\n\s+at /);
  });

  it("still logs anything else as an error with its stack", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    logError("token", Object.assign(new Error("aborted"), { code: "SQLITE_BUSY" }));
    logError("token", new Error("database is locked"));
    expect(error).toHaveBeenCalledTimes(2);
    expect(String(error.mock.calls[1][0])).toMatch(/^\[error\] token: Error: database is locked\n\s+at /);
  });
});
