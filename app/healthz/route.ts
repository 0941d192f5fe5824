export const dynamic = "force-dynamic";

/** Liveness for Docker's HEALTHCHECK and load balancers (inventory §1.5). */
export function GET() {
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
export const HEAD = GET;
