import type { NextRequest } from "next/server";
import { AppError } from "../errors";
import { apiError } from "./api-error";
import { routeGuard } from "./route-guard";

export { apiError };

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/**
 * Wraps a REST route handler: every thrown error becomes a stable JSON error, never a stack
 * trace; the route also gets the `api` rate limit and headers of routeGuard.
 */
export function apiRoute<C>(where: string, handler: Handler<C>): Handler<C> {
  return routeGuard(handler, where);
}

/** Parses a JSON body (Content-Type application/json required, 64 KiB max). */
export async function readJson(request: Request): Promise<unknown> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new AppError("invalid_request_body", "Send a JSON body with Content-Type: application/json.");
  const text = await request.text();
  if (text.length > 64 * 1024) throw new AppError("invalid_request_body", "The request body is too large.");
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_request_body");
  }
}
