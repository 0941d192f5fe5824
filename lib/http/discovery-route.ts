import type { NextRequest } from "next/server";
import { env } from "../config/env";
import { appConfig } from "../config/app-config";
import { discoveryDocument, type DiscoveryInput } from "../oidc/discovery";
import { SIGNING_ALGS } from "../crypto/signing-keys";
import { etagOf, JWKS_MAX_AGE_SECONDS, keyRing } from "../keys";
import { CORS } from "./oauth-response";

/**
 * A JSON body that changes rarely, with its ETag: 304 without a body when the client sent a
 * matching If-None-Match (RFC 9110 §13.1.2), so caches revalidate cheaply.
 */
export function conditionalJson(request: Request | undefined, body: string, etag: string): Response {
  const headers = {
    ...CORS,
    "Cache-Control": `public, max-age=${JWKS_MAX_AGE_SECONDS}`,
    ETag: etag,
  };
  const ifNoneMatch = request?.headers.get("if-none-match");
  if (ifNoneMatch && matches(ifNoneMatch, etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { status: 200, headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}

/** RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly. */
function matches(header: string, etag: string): boolean {
  const strip = (t: string) => t.trim().replace(/^W\//, "");
  return header.split(",").some((t) => t.trim() === "*" || strip(t) === strip(etag));
}

let cached: { key: string; body: string; etag: string } | undefined;

/**
 * Served at both /.well-known paths (identical JSON, as Pocket ID 2.14). The body is built once
 * per key-ring version and input, then served from memory.
 */
export async function discoveryResponse(request?: NextRequest): Promise<Response> {
  const ring = await keyRing().current();
  const config = env();
  const input: DiscoveryInput = {
    appUrl: config.appUrl,
    internalAppUrl: config.internalAppUrl,
    idTokenSigningAlgs: [ring.defaultAlg, ...SIGNING_ALGS.filter((a) => a !== ring.defaultAlg)],
    cimdEnabled: (await appConfig()).cimdUrlAllowlist.length > 0,
  };
  const key = `${ring.version}|${input.appUrl}|${input.internalAppUrl}|${input.cimdEnabled}`;
  if (cached?.key !== key) {
    const body = JSON.stringify(discoveryDocument(input));
    cached = { key, body, etag: etagOf(body) };
  }
  return conditionalJson(request, cached.body, cached.etag);
}

/** RFC 7517 §5 key set: the public keys of the ring (active, next, unexpired retired). */
export async function jwksResponse(request?: NextRequest): Promise<Response> {
  const { jwks } = await keyRing().current();
  return conditionalJson(request, jwks.body, jwks.etag);
}
