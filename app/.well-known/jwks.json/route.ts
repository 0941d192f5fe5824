import { methodNotAllowed } from "@/lib/http/api";
import { verificationKeys } from "@/lib/keys";
import { CORS, corsPreflight } from "@/lib/http/oauth-response";
import { routeGuard } from "@/lib/http/route-guard";

export const dynamic = "force-dynamic";

/** RFC 7517 key set with the public signing key(s) only. */
async function handleGet() {
  const keys = await verificationKeys();
  return Response.json({ keys: keys.map((k) => k.publicJwk) }, { headers: { ...CORS, "Cache-Control": "public, max-age=300" } });
}
export const OPTIONS = routeGuard(corsPreflight);
export const GET = routeGuard(handleGet);
/** Other methods: a JSON 405 with Allow (RFC 9110 §15.5.6), not a bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
