import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, fieldErrors } from "../errors";
import { logError } from "../log";

/**
 * Pocket ID's REST error body: { error, code, details?, request_id? } (inventory §1.5). With a
 * request id (routes made with apiOperation), the body names it so a report can be matched to
 * the server's log line.
 */
export function apiError(e: unknown, where: string, requestId?: string): NextResponse {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  const rid = requestId ? { request_id: requestId } : {};
  if (e instanceof AppError) {
    const retry = e.details?.retryAfter;
    if (e.code === "rate_limited" && typeof retry === "number") headers["Retry-After"] = String(retry);
    if (e.code === "busy") headers["Retry-After"] = "1";
    return NextResponse.json({ error: e.message, code: e.code, ...(e.details && e.code !== "rate_limited" ? { details: e.details } : {}), ...rid }, { status: e.status, headers });
  }
  if (e instanceof ZodError) {
    return NextResponse.json({ error: "The request is invalid.", code: "validation_failed", details: fieldErrors(e), ...rid }, { status: 400, headers });
  }
  logError(where, e);
  return NextResponse.json({ error: "Something went wrong.", code: "internal_error", ...rid }, { status: 500, headers });
}
