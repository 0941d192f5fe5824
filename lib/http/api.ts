import { NextResponse, type NextRequest } from "next/server";
import { ZodError } from "zod";
import { AppError, fieldErrors } from "../errors";
import { logError } from "../log";

/** Pocket ID's REST error body: { error, code, details? } (inventory §1.5). */
export function apiError(e: unknown, where: string): NextResponse {
  if (e instanceof AppError) {
    const headers: Record<string, string> = { "Cache-Control": "no-store" };
    const retry = e.details?.retryAfter;
    if (e.code === "rate_limited" && typeof retry === "number") headers["Retry-After"] = String(retry);
    return NextResponse.json({ error: e.message, code: e.code, ...(e.details && e.code !== "rate_limited" ? { details: e.details } : {}) }, { status: e.status, headers });
  }
  if (e instanceof ZodError) {
    return NextResponse.json({ error: "The request is invalid.", code: "validation_failed", details: fieldErrors(e) }, { status: 400 });
  }
  logError(where, e);
  return NextResponse.json({ error: "Something went wrong.", code: "internal_error" }, { status: 500 });
}

type Handler<C> = (request: NextRequest, context: C) => Promise<Response>;

/** Wraps a REST route handler: every thrown error becomes a stable JSON error, never a stack trace. */
export function apiRoute<C>(where: string, handler: Handler<C>): Handler<C> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (e) {
      return apiError(e, where);
    }
  };
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
