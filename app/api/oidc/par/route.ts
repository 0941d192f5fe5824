import type { NextRequest } from "next/server";
import { apiResourcePolicy } from "@/lib/oidc/resource";
import { methodNotAllowed } from "@/lib/http/api";
import { pushAuthorizationRequest } from "@/lib/oidc/par";
import { InvalidRequestError } from "@/lib/oidc/errors";
import { NO_STORE, oauthErrorResponse, readForm } from "@/lib/http/oauth-response";
import { oidcContext } from "@/lib/http/oidc-context";
import { env } from "@/lib/config/env";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/** RFC 9126 pushed authorization requests: 201 with the request_uri. Client-authenticated, no cookies. */
async function handlePost(request: NextRequest) {
  try {
    const form = await readForm(request);
    if (!form) throw new InvalidRequestError("The body must be application/x-www-form-urlencoded.");
    const c = oidcContext(request);
    const result = await pushAuthorizationRequest(form, request.headers.get("authorization"), {
      store: c.store,
      now: c.now,
      allowInsecureRedirects: env().allowInsecureCallbackUrls,
      resourcePolicy: apiResourcePolicy(c.store),
    });
    return Response.json(result, { status: 201, headers: NO_STORE });
  } catch (e) {
    return oauthErrorResponse(e, "par");
  }
}
export const POST = routeGuard(handlePost);
/** Other methods: a JSON 405 with Allow. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
