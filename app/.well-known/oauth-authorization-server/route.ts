import { methodNotAllowed } from "@/lib/http/api";
import { discoveryResponse } from "@/lib/http/discovery-route";
import { corsPreflight } from "@/lib/http/oauth-response";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";
export const GET = routeGuard(discoveryResponse);
export const OPTIONS = routeGuard(corsPreflight);
/** Other methods: a JSON 405 with Allow (RFC 9110 §15.5.6), not a bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
