import type { NextResponse } from "next/server";
import type { CookieSpec } from "../auth/session";

export function setCookie(response: NextResponse, cookie: CookieSpec): NextResponse {
  response.cookies.set(cookie.name, cookie.value, cookie.options);
  return response;
}
