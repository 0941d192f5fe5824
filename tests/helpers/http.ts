import { NextRequest } from "next/server";
import { TEST_APP_URL } from "./db";

/** Builds a NextRequest as the route handlers receive it. */
export function req(
  path: string,
  init: { method?: string; headers?: Record<string, string>; form?: Record<string, string>; json?: unknown; cookie?: string } = {},
): NextRequest {
  const headers: Record<string, string> = { "x-pocketid-client-ip": "203.0.113.7", ...init.headers };
  let body: string | undefined;
  if (init.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(init.form).toString();
  } else if (init.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(init.json);
  }
  if (init.cookie) headers.cookie = init.cookie;
  return new NextRequest(new URL(path, TEST_APP_URL), { method: init.method ?? (body ? "POST" : "GET"), headers, body });
}

export const ctx = <T extends Record<string, string>>(params: T) => ({ params: Promise.resolve(params) });
