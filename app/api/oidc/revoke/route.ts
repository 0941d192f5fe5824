import type { NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { revoke } from "@/lib/oidc/revoke";
import { InvalidRequestError } from "@/lib/oidc/errors";
import { NO_STORE, oauthErrorResponse, readForm } from "@/lib/http/oauth-response";
import { assertionContext, oidcContext } from "@/lib/http/oidc-context";
import { verificationKeys } from "@/lib/keys";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/**
 * Token revocation (RFC 7009 §2). 200 with an empty body whether or not the token was known
 * (§2.2). No CORS: Pocket ID's list (inventory §1.6) has no revocation endpoint.
 */
async function handlePost(request: NextRequest) {
  try {
    const form = await readForm(request);
    if (!form) throw new InvalidRequestError("The body must be application/x-www-form-urlencoded.");
    await revoke(form, request.headers.get("authorization"), {
      ...oidcContext(request),
      keys: await verificationKeys(),
      assertion: assertionContext("/api/oidc/revoke"),
    });
    return new Response(null, { status: 200, headers: NO_STORE });
  } catch (e) {
    return oauthErrorResponse(e, "revoke");
  }
}
export const POST = routeGuard(handlePost);

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
