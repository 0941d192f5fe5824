import { discoveryResponse } from "@/lib/http/discovery-route";
import { corsPreflight } from "@/lib/http/oauth-response";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";
export const GET = routeGuard(discoveryResponse);
export const OPTIONS = routeGuard(corsPreflight);
