// server.mjs's answers to requests Node's HTTP parser refuses before any handler runs, and the
// time limits that end a request the client is too slow to send. Plain JavaScript: server.mjs
// loads it without any TypeScript step (scripts/build-standalone.mjs copies it next to server.mjs).

/**
 * Time limits of server.mjs's HTTP server, in ms. Node's defaults are 60 s for the headers and
 * 300 s for the whole request; Next.js's own standalone server keeps both (it sets only
 * keepAliveTimeout, from KEEP_ALIVE_TIMEOUT). A client sending its headers or body a byte at a time
 * (slowloris) held a connection and its parser for that long.
 *  - headers: 20 s. They are at most 16 KiB (Node's maxHeaderSize); any real client sends them at once.
 *  - whole request: 120 s. The largest body is a 10 MiB profile picture (MAX_PICTURE_BYTES), which
 *    takes 120 s at about 0.7 Mbit/s: a slow mobile upload still succeeds. Every other body is at
 *    most 64 KiB (MAX_BODY_BYTES).
 *  - checked every 5 s (Node's connectionsCheckingInterval, 30 s by default), so a limit holds
 *    within 5 s of its time instead of up to 30 s later.
 * Only receiving the request counts: a response that takes long is not cut (Node stops the clock
 * when the request is complete). keepAliveTimeout (65 s, server.mjs) is the idle time between
 * requests on a connection, which these limits do not touch. When a limit runs out the client gets
 * 408 (createClientErrorHandler below) and the connection is closed.
 */
export const SERVER_TIMEOUTS = Object.freeze({ headersTimeout: 20_000, requestTimeout: 120_000, connectionsCheckingInterval: 5_000 });

/** The status Node itself answers for each parser error (lib/_http_server.js socketOnError); 400 for the rest. */
const STATUS_FOR_CODE = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};
const REASONS = { 400: "Bad Request", 408: "Request Timeout", 413: "Payload Too Large", 431: "Request Header Fields Too Large" };

/**
 * Returns the server's `clientError` listener. Node answers a request its parser refuses (a
 * malformed request line, too many header bytes, broken chunked framing, a request that timed out)
 * with a bare `HTTP/1.1 400 Bad Request` and no headers at all: none of the security headers every
 * other answer carries (`headers`, from lib/http/path-redirect.mjs securityHeaders(); HSTS when the
 * issuer is https). This answers the same status Node would, with those headers, no body and
 * `Connection: close`, then closes the connection: after a parse error the rest of the stream
 * cannot be read as requests. Nothing of the request is echoed (no reason text from the parser).
 *
 * Nothing is written when the socket is no longer writable (the client went away: ECONNRESET) or
 * when a response on it has already started (its bytes would corrupt that response): the
 * connection is only closed then, as Node does.
 */
export function createClientErrorHandler({ headers = null, hsts = null } = {}) {
  const extra = Object.entries({ ...(headers ?? {}), ...(hsts ? { "strict-transport-security": hsts } : {}) }).map(([k, v]) => `${k}: ${v}\r\n`).join("");
  const answers = new Map(
    Object.entries(REASONS).map(([status, reason]) => [Number(status), `HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\nCache-Control: no-store\r\n${extra}\r\n`]),
  );
  return (err, socket) => {
    const inFlight = socket._httpMessage;
    if (err?.code === "ECONNRESET" || !socket.writable || (inFlight && inFlight.headersSent)) {
      socket.destroy();
      return;
    }
    socket.write(answers.get(STATUS_FOR_CODE[err?.code] ?? 400), "latin1");
    // destroySoon: ends the connection once the answer is written, then destroys the socket (an
    // http server's sockets allow half-open connections, so end() alone could leave it open).
    socket.destroySoon();
  };
}
