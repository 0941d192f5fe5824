import type { NextRequest } from "next/server";
import { methodNotAllowed } from "@/lib/http/api";
import { CORS, corsPreflight } from "@/lib/http/oauth-response";
import { routeGuard } from "@/lib/http/route-guard";
import { env } from "@/lib/config/env";
import { findIssuerSubject, ISSUER_REL } from "@/lib/services/webfinger/find-issuer-subject";

export const dynamic = "force-dynamic";

const JRD = { ...CORS, "Content-Type": "application/jrd+json", "Cache-Control": "no-store" };
const problem = (status: number, error: string) => new Response(JSON.stringify({ error }), { status, headers: JRD });

/**
 * WebFinger (RFC 7033 §4) for OpenID Provider issuer discovery (OIDC Discovery §2): answers the
 * issuer for users of this instance only; `rel`, when given, filters the links (§4.3). CORS `*`
 * (§5): browsers' apps may ask.
 */
async function handleGet(request: NextRequest) {
  const q = request.nextUrl.searchParams;
  const resources = q.getAll("resource");
  // §4.2: resource is required; more than one cannot be answered.
  if (resources.length !== 1 || !resources[0]) return problem(400, "Send exactly one resource parameter, such as acct:user@example.com.");
  if (!(await findIssuerSubject(resources[0]))) return problem(404, "No such account on this server.");
  const rels = q.getAll("rel");
  const links = rels.length === 0 || rels.includes(ISSUER_REL) ? [{ rel: ISSUER_REL, href: env().appUrl }] : [];
  return new Response(JSON.stringify({ subject: resources[0], links }), { status: 200, headers: JRD });
}

export const OPTIONS = routeGuard(corsPreflight);
export const GET = routeGuard(handleGet);
/** Other methods: a JSON 405 with Allow (RFC 9110 §15.5.6). */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
