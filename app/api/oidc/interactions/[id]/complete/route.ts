import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin, requireUser } from "@/lib/auth/guards";
import { completeInputSchema, completeInteraction } from "@/lib/services/interactions";

export const dynamic = "force-dynamic";

export const POST = apiRoute("interaction.complete", async (request: NextRequest, { params }: { params: Promise<{ id: string }> }) => {
  checkOrigin(request);
  const session = await requireUser(request);
  const { step } = completeInputSchema.parse(await readJson(request));
  const { id } = await params;
  return NextResponse.json(await completeInteraction(id, step, session));
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
