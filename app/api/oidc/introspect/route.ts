import type { NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { introspect } from "@/lib/oidc/introspect";
import { InvalidRequestError } from "@/lib/oidc/errors";
import { oauthErrorResponse, oauthJson, readForm, corsPreflight } from "@/lib/http/oauth-response";
import { assertionContext, oidcContext } from "@/lib/http/oidc-context";
import { verificationKeys } from "@/lib/keys";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/** Token introspection (RFC 7662 at Pocket ID's path). Client-authenticated: cookies are never read. */
async function handlePost(request: NextRequest) {
  try {
    const form = await readForm(request);
    if (!form) throw new InvalidRequestError("The body must be application/x-www-form-urlencoded.");
    const body = await introspect(form, request.headers.get("authorization"), {
      ...oidcContext(request),
      keys: await verificationKeys(),
      assertion: assertionContext("/api/oidc/introspect"),
    });
    return oauthJson(body, 200, {}, "introspect");
  } catch (e) {
    return oauthErrorResponse(e, "introspect");
  }
}
export const OPTIONS = routeGuard(corsPreflight);
export const POST = routeGuard(handlePost);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
