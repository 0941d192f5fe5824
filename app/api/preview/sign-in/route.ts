import { NextResponse, type NextRequest } from "next/server";
import { apiRoute } from "@/lib/http/api";
import { checkOrigin } from "@/lib/auth/guards";
import { env } from "@/lib/config/env";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { createSession } from "@/lib/auth/session";
import { writeAudit } from "@/lib/services/audit";
import { requestMeta } from "@/lib/http/request-meta";
import { setCookie } from "@/lib/http/cookies";
import { PREVIEW_ADMIN_USERNAME } from "@/lib/services/preview-seed";

export const dynamic = "force-dynamic";

/** Exists only in PREVIEW_MODE: a 404 everywhere else. */
export const POST = apiRoute("preview.sign-in", async (request: NextRequest) => {
  if (!env().previewMode) throw new AppError("not_found");
  checkOrigin(request);
  const meta = requestMeta(request.headers);
  const user = await db().user.findUnique({ where: { usernameKey: PREVIEW_ADMIN_USERNAME } });
  if (!user) throw new AppError("not_found");
  const cookie = await db().$transaction(async (tx) => {
    const s = await createSession(tx, user.id, ["otp"], meta);
    await writeAudit(tx, "SIGN_IN", meta, user.id, { method: "preview" });
    return s.cookie;
  });
  return setCookie(new NextResponse(null, { status: 204 }), cookie);
});
