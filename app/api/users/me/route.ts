import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/lib/http/api";
import { requireUser } from "@/lib/auth/guards";

export const dynamic = "force-dynamic";

export const GET = apiRoute("users.me", async (request: NextRequest) => {
  const { user } = await requireUser(request);
  return NextResponse.json(user);
});
