import type { NextRequest } from "next/server";
import { AppError } from "../errors";
import { apiError } from "./api-error";
import { routeGuard } from "./route-guard";
import { BODY_TOO_LARGE, hasNul, readBodyText } from "./body";

export { apiError };

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/**
 * Wraps a REST route handler: every thrown error becomes a stable JSON error, never a stack
 * trace; the route also gets the `api` rate limit and headers of routeGuard.
 */
export function apiRoute<C>(where: string, handler: Handler<C>): Handler<C> {
  return routeGuard(handler, where);
}

const NUL_IN_JSON = "Text in the request body must not contain NUL characters (\\u0000).";
const LONE_SURROGATE_IN_JSON = "Text in the request body must be valid Unicode: an escape such as \\ud800 without its pair is not a character.";
/**
 * A UTF-16 surrogate without its pair (JSON allows the escape "\ud800"): no character, so no
 * valid UTF-8. SQLite would store its WTF-8 bytes and read them back as three U+FFFD, PostgreSQL
 * one U+FFFD: a name saved would not be the name read back, and differ by database.
 */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Parses a JSON body (Content-Type application/json required, 64 KiB max, read as a stream that
 * stops at the cap). No string or key may contain NUL: PostgreSQL cannot store one in a text
 * column, so it is refused here, at the boundary, rather than answered with a 500 by a query.
 */
export async function readJson(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new AppError("invalid_request_body", "Send a JSON body with Content-Type: application/json.");
  const body = await readBodyText(request);
  if (!body.ok) throw new AppError("invalid_request_body", BODY_TOO_LARGE);
  let nul = false;
  let loneSurrogate = false;
  let value: unknown;
  try {
    value = JSON.parse(body.text, (key, v: unknown) => {
      if (hasNul(key) || (typeof v === "string" && hasNul(v))) nul = true;
      if (LONE_SURROGATE.test(key) || (typeof v === "string" && LONE_SURROGATE.test(v))) loneSurrogate = true;
      return v;
    });
  } catch {
    throw new AppError("invalid_request_body");
  }
  if (nul) throw new AppError("invalid_request_body", NUL_IN_JSON);
  if (loneSurrogate) throw new AppError("invalid_request_body", LONE_SURROGATE_IN_JSON);
  return value;
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * Handlers for the methods a route file does not serve: Next.js would answer them with a bare 405
 * without body or Allow. Here they get the REST error body `{error, code: "method_not_allowed"}`,
 * `Allow` (RFC 9110 §15.5.6) and the route's usual headers. A route file exports the ones it
 * lacks: `export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);`.
 */
export function methodNotAllowed(served: Method[]) {
  const allow = [...served, ...(served.includes("GET") ? ["HEAD"] : []), "OPTIONS"].join(", ");
  const handler = routeGuard(async () => {
    const response = apiError(new AppError("method_not_allowed"), "method_not_allowed");
    response.headers.set("Allow", allow);
    return response;
  }, "method_not_allowed");
  return { GET: handler, HEAD: handler, POST: handler, PUT: handler, PATCH: handler, DELETE: handler };
}
