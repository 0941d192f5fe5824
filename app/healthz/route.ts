import { methodNotAllowed } from "@/lib/http/api";

export const dynamic = "force-dynamic";

/** Liveness for Docker's HEALTHCHECK and load balancers (inventory §1.5). */
export function GET() {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
export const HEAD = GET;

/** Other methods: a JSON 405 with Allow (RFC 9110 §15.5.6), not a bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
