import type { NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { tokenEndpoint } from "@/lib/oidc/token";
import { InvalidRequestError } from "@/lib/oidc/errors";
import { oauthErrorResponse, oauthJson, readForm, corsPreflight } from "@/lib/http/oauth-response";
import { assertionContext, oidcContext, refreshTokenSecret } from "@/lib/http/oidc-context";
import { idTokenSigningKey, signingKey } from "@/lib/keys";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/** Token endpoint (RFC 6749 §3.2). Client-authenticated: cookies are never read here. */
async function handlePost(request: NextRequest) {
  try {
    const form = await readForm(request);
    if (!form) throw new InvalidRequestError("The body must be application/x-www-form-urlencoded.");
    const result = await tokenEndpoint(form, request.headers.get("authorization"), {
      ...oidcContext(request),
      key: await signingKey(),
      idTokenKey: idTokenSigningKey,
      refreshSecret: refreshTokenSecret(),
      assertion: assertionContext("/api/oidc/token"),
    });
    return oauthJson(result, 200, {}, "token");
  } catch (e) {
    return oauthErrorResponse(e, "token");
  }
}
export const OPTIONS = routeGuard(corsPreflight);
export const POST = routeGuard(handlePost);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
