import { methodNotAllowed } from "@/lib/http/api";
import { jwksResponse } from "@/lib/http/discovery-route";
import { corsPreflight } from "@/lib/http/oauth-response";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/** RFC 7517 key set with the public signing keys only, precomputed per key-ring version, with an ETag. */
export const GET = routeGuard(jwksResponse);
export const OPTIONS = routeGuard(corsPreflight);
/** Other methods: a JSON 405 with Allow (RFC 9110 §15.5.6), not a bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
