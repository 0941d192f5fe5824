import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { requireUser } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = apiRoute("users.me", async (request: NextRequest) => {
  const { user } = await requireUser(request);
  return NextResponse.json(user);
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { POST, PUT, PATCH, DELETE } = methodNotAllowed(["GET"]);
