import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { env } from "@/lib/config/env";
import { AppError } from "@/lib/errors";
import { requestMeta } from "@/lib/http/request-meta";
import { setCookie } from "@/lib/http/cookies";
import { previewSignIn } from "@/lib/services/preview-seed";

export const dynamic = "force-dynamic";

/** Exists only in PREVIEW_MODE: a 404 everywhere else. */
export const POST = apiRoute("preview.sign-in", async (request: NextRequest) => {
  if (!env().previewMode) throw new AppError("not_found");
  checkOrigin(request);
  const cookie = await previewSignIn(requestMeta(request.headers));
  return setCookie(new NextResponse(null, { status: 204 }), cookie);
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { GET, HEAD, PUT, PATCH, DELETE } = methodNotAllowed(["POST"]);
