import { env } from "../config/env";
import { discoveryDocument } from "../oidc/discovery";
import { verificationKeys } from "../keys";
import { CORS } from "./oauth-response";

/** Served at both /.well-known paths (identical JSON, as Pocket ID 2.14). */
export async function discoveryResponse(): Promise<Response> {
  const keys = await verificationKeys();
  const doc = discoveryDocument(env().appUrl, env().internalAppUrl, [...new Set(keys.map((k) => k.alg))]);
  return Response.json(doc, { headers: { ...CORS, "Cache-Control": "public, max-age=300" } });
}
