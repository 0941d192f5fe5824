import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, fieldErrors } from "../errors";
import { logError } from "../log";

/** Pocket ID's REST error body: { error, code, details? } (inventory §1.5). */
export function apiError(e: unknown, where: string): NextResponse {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (e instanceof AppError) {
    const retry = e.details?.retryAfter;
    if (e.code === "rate_limited" && typeof retry === "number") headers["Retry-After"] = String(retry);
    return NextResponse.json({ error: e.message, code: e.code, ...(e.details && e.code !== "rate_limited" ? { details: e.details } : {}) }, { status: e.status, headers });
  }
  if (e instanceof ZodError) {
    return NextResponse.json({ error: "The request is invalid.", code: "validation_failed", details: fieldErrors(e) }, { status: 400, headers });
  }
  logError(where, e);
  return NextResponse.json({ error: "Something went wrong.", code: "internal_error" }, { status: 500, headers });
}
