import { NextResponse, type NextRequest } from "next/server";
import { apiRoute, readJson, methodNotAllowed } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { completeSetup, isSetupAvailable } from "@/lib/services/setup";
import { checkRateLimit, RATE_POLICIES } from "@/lib/auth/rate-limit";
import { requestMeta } from "@/lib/http/request-meta";
import { setCookie } from "@/lib/http/cookies";
import { AppError } from "@/lib/errors";

export const dynamic = "force-dynamic";

/** 204 while the first admin can still be created, else 404 setup_not_available. */
export const GET = apiRoute("setup.get", async () => {
  if (!(await isSetupAvailable())) throw new AppError("setup_not_available");
  return new NextResponse(null, { status: 204 });
});

export const POST = apiRoute("setup.post", async (request: NextRequest) => {
  checkOrigin(request);
  const meta = requestMeta(request.headers);
  await checkRateLimit(RATE_POLICIES.setup, meta.ip);
  const { user, cookie } = await completeSetup((await readJson(request)) as never, meta);
  return setCookie(
    NextResponse.json({ id: user.id, username: user.username, email: user.email, firstName: user.firstName, lastName: user.lastName, isAdmin: user.isAdmin }, { status: 201 }),
    cookie,
  );
});

/** Other methods: a JSON 405 with Allow instead of Next.js's bare one. */
export const { PUT, PATCH, DELETE } = methodNotAllowed(["GET", "POST"]);
