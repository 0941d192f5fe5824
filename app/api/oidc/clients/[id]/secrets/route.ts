import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireAdmin } from "@/lib/auth/guards";
import { createClientSecret } from "@/lib/services/oidc-clients";
import { requestMeta } from "@/lib/http/request-meta";

export const dynamic = "force-dynamic";

/** Creates a generated secret; the value is in this response only. */
export const POST = apiRoute("clients.secrets.create", async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  checkOrigin(request);
  const session = await requireAdmin(request);
  const secret = await createClientSecret((await params).id, session.userId, requestMeta(request.headers));
  return NextResponse.json(secret, { status: 201, headers: { "Cache-Control": "no-store" } });
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
