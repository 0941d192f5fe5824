import { verificationKeys } from "@/lib/keys";
import { CORS, corsPreflight } from "@/lib/http/oauth-response";

export const dynamic = "force-dynamic";

/** RFC 7517 key set with the public signing key(s) only. */
export async function GET() {
  const keys = await verificationKeys();
  return Response.json({ keys: keys.map((k) => k.publicJwk) }, { headers: { ...CORS, "Cache-Control": "public, max-age=300" } });
}
export const OPTIONS = corsPreflight;
