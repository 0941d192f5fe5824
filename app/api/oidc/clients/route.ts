import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireAdmin } from "@/lib/auth/guards";
import { createClient, listClients, type ClientInput } from "@/lib/services/oidc-clients";
import { requestMeta } from "@/lib/http/request-meta";

export const dynamic = "force-dynamic";

export const GET = apiRoute("clients.list", async (request: NextRequest) => {
  await requireAdmin(request);
  const data = await listClients();
  return NextResponse.json({ data, pagination: { totalPages: 1, totalItems: data.length, currentPage: 1, itemsPerPage: data.length } });
});

/** Pocket ID 2.14: creating a client over the API creates no secret; POST .../secrets does. */
export const POST = apiRoute("clients.create", async (request: NextRequest) => {
  checkOrigin(request);
  const session = await requireAdmin(request);
  const { client } = await createClient((await readJson(request)) as ClientInput, session.userId, requestMeta(request.headers), { withSecret: false });
  return NextResponse.json(client, { status: 201 });
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
