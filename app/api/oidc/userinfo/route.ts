import type { NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { extractBearerToken, userinfo } from "@/lib/oidc/userinfo";
import { oauthErrorResponse, oauthJson, readForm, corsPreflight, CORS, NO_STORE } from "@/lib/http/oauth-response";
import { oidcContext } from "@/lib/http/oidc-context";
import { verificationKeys } from "@/lib/keys";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

async function handle(request: NextRequest, withForm: boolean) {
  try {
    // Read inside the error mapping: an over-long or NUL-carrying form is invalid_request.
    const form = withForm ? await readForm(request) : null;
    const token = extractBearerToken(request.headers.get("authorization"), form, request.nextUrl.searchParams);
    // RFC 6750 §3.1: a request without any token gets the challenge alone, with no error code.
    if (!token) return new Response(null, { status: 401, headers: { ...NO_STORE, ...CORS, "WWW-Authenticate": "Bearer" } });
    const claims = await userinfo(token, { ...oidcContext(request), keys: await verificationKeys() });
    return oauthJson(claims, 200, {}, "userinfo");
  } catch (e) {
    return oauthErrorResponse(e, "userinfo");
  }
}

/** UserInfo (OIDC Core §5.3): GET and POST; the token never travels in a query string. */
async function handleGet(request: NextRequest) {
  return handle(request, false);
}
async function handlePost(request: NextRequest) {
  return handle(request, true);
}
export const OPTIONS = routeGuard(corsPreflight);
export const GET = routeGuard(handleGet);
export const POST = routeGuard(handlePost);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
