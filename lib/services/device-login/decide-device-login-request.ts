import type { AuthenticationResponseJSON } from "@simplewebauthn/server";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import type { RequestMeta } from "../../db/audit";
import { verifyUserPasskey } from "../../auth/passkeys";
import { findPendingDeviceLogin } from "./get-device-login-verification";

export interface DeviceLoginDecision {
  code: string;
  decision: "approve" | "deny";
  /** A passkey assertion made just now (approve only): the ceremony started with GET /api/webauthn/login/start. */
  assertion?: AuthenticationResponseJSON;
}

/**
 * The signed-in person approves or denies another device's sign-in (inventory §1.5 POST
 * /device-login/verification/decision, §5.4). Approving hands that device a session of this
 * account, so it takes a fresh passkey assertion of this same account, sent with the decision
 * (Pocket ID asks for a reauthentication token cookie made within the last minute; one request
 * leaves no token to steal or reuse). Denying needs none. The row moves from pending by a
 * conditional update, so a request is decided once; the waiting device's exchange then consumes
 * an approval.
 */
export async function decideDeviceLoginRequest(
  input: DeviceLoginDecision,
  userId: string,
  ceremonyId: string | undefined,
  meta: RequestMeta,
  now = new Date(),
): Promise<{ status: "approved" | "denied" }> {
  const { row } = await findPendingDeviceLogin(input.code, meta, now);
  if (input.decision === "deny") {
    const { count } = await db().deviceLoginRequest.updateMany({ where: { id: row.id, status: "pending" }, data: { status: "denied", decidedAt: now } });
    if (count !== 1) throw new AppError("device_login_expired");
    return { status: "denied" };
  }
  if (!input.assertion) throw new AppError("reauthentication_required");
  const passkey = await verifyUserPasskey(ceremonyId, input.assertion, userId, now);
  return db().$transaction(async (tx) => {
    const { count } = await tx.deviceLoginRequest.updateMany({
      where: { id: row.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "approved", userId, decidedAt: now },
    });
    if (count !== 1) throw new AppError("device_login_expired");
    await passkey.record(tx);
    return { status: "approved" as const };
  });
}
