"use server";
import { headers } from "next/headers";
import { ZodError } from "zod";
import { checkActionOrigin, requirePageAdmin } from "@/lib/auth/page-session";
import { requestMeta } from "@/lib/http/request-meta";
import { AppError } from "@/lib/errors";
import { logError } from "@/lib/log";
import { createLoginCode } from "@/lib/services/login-codes/create-login-code";
import { qrPath, type QrPath } from "@/lib/services/login-codes/qr-code";

export type CreateLoginCodeResult =
  | { ok: true; data: { code: string; url: string; expiresAt: string; qr: QrPath } }
  | { ok: false; error: string };

/**
 * "Login code" on a user's admin page (inventory §5.4): creates the code and returns it once with
 * its link and QR code (drawn on the server). Rendered by <LoginCodeDialog userId=... />.
 */
export async function createLoginCodeAction(userId: string, ttlSeconds: number): Promise<CreateLoginCodeResult> {
  try {
    await checkActionOrigin();
    const session = await requirePageAdmin("/settings/admin/users");
    const issued = await createLoginCode(userId, { ttl: ttlSeconds }, { id: session.userId, username: session.user.username }, requestMeta(await headers()));
    return { ok: true, data: { code: issued.code, url: issued.url, expiresAt: issued.expiresAt.toISOString(), qr: qrPath(issued.url) } };
  } catch (e) {
    if (e instanceof ZodError) return { ok: false, error: e.issues[0]?.message ?? "Choose how long the code stays valid." };
    if (e instanceof AppError) return { ok: false, error: e.message };
    if ((e as { digest?: string })?.digest?.startsWith("NEXT_REDIRECT")) throw e;
    logError("createLoginCodeAction", e);
    return { ok: false, error: "The login code could not be created. Try again." };
  }
}
