import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { requireAdmin } from "@/lib/auth/guards";
import { getClient } from "@/lib/services/oidc-clients";

export const dynamic = "force-dynamic";

export const GET = apiRoute("clients.get", async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  await requireAdmin(request);
  return NextResponse.json(await getClient((await params).id));
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
