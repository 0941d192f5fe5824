import type { NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { deviceAuthorization } from "@/lib/oidc/device";
import { apiResourcePolicy } from "@/lib/oidc/resource";
import { InvalidRequestError } from "@/lib/oidc/errors";
import { oauthErrorResponse, oauthJson, readForm } from "@/lib/http/oauth-response";
import { assertionContext, oidcContext } from "@/lib/http/oidc-context";
import { deviceAuthorizationWait } from "@/lib/auth/rate-limit";
import { env } from "@/lib/config/env";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/**
 * Device authorization endpoint (RFC 8628 §3.1, inventory §2.14): client-authenticated like the
 * token endpoint, no cookies. Answers the device and user codes with Cache-Control: no-store.
 */
async function handlePost(request: NextRequest) {
  try {
    const c = oidcContext(request);
    const wait = await deviceAuthorizationWait(c.meta.ip);
    if (wait > 0) {
      // RFC 8628 §3.5's slow_down is the word a device client already knows for "ask less often".
      return oauthJson(
        { error: "slow_down", error_description: `Too many device authorization requests from this address. Wait ${wait} seconds, then try again.` },
        429,
        { "Retry-After": String(wait) },
        "device-authorize",
      );
    }
    const form = await readForm(request);
    if (!form) throw new InvalidRequestError("The body must be application/x-www-form-urlencoded.");
    const result = await deviceAuthorization(form, request.headers.get("authorization"), {
      store: c.store,
      now: c.now,
      appUrl: env().appUrl,
      assertion: assertionContext("/api/oidc/device/authorize"),
      // RFC 8707 + RFC 8628: the same user-delegated API rules as /authorize and PAR (inventory §2.16).
      resourcePolicy: apiResourcePolicy(c.store),
    });
    return oauthJson(result, 200, {}, "device-authorize");
  } catch (e) {
    return oauthErrorResponse(e, "device-authorize");
  }
}
export const POST = routeGuard(handlePost);
/** Other methods: a JSON 405 with Allow. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
