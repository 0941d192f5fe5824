import { z } from "zod";
import "../validation";
import { db } from "../../db/client";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { prismaOidcStore } from "../../db/oidc-store";
import { consentKeys } from "../../oidc/resource";
import { AppError } from "../../errors";
import type { LoadedSession } from "../../auth/session";
import { transaction } from "../transaction";
import { pendingDeviceView } from "./describe-device-code";
import { loadDeviceCodeByUserCode } from "./load-device-code";

export const deviceCodeQuerySchema = z.object({ code: z.string().min(1).max(64) });

/**
 * The signed-in person's answer for a device's user code (inventory §2.14, Pocket ID's
 * POST /api/oidc/device/verify; "deny" is beyond Pocket ID, RFC 8628 §3.5 access_denied). In
 * order: rate limits → the code exists, is live and undecided → approve only: the client's group
 * restriction (403) and a fresh passkey where the client requires one (401
 * reauthentication_required) → one transaction: the code moves from pending once (a second
 * decision finds it decided), consent is remembered like the code flow's, audit.
 */
export async function decideDeviceCode(input: string, decision: "approve" | "deny", session: LoadedSession, meta: RequestMeta, now = new Date()): Promise<void> {
  const found = await loadDeviceCodeByUserCode(input, session.userId, meta);
  if (!found) throw new AppError("oidc_invalid_device_code");
  const { record, userCode } = found;
  if (record.status !== "pending") throw new AppError("oidc_device_code_used");
  if (record.expiresAt <= now) throw new AppError("oidc_device_code_expired");
  const store = prismaOidcStore(db());
  const client = await store.findClient(record.clientId);
  if (!client) throw new AppError("oidc_invalid_device_code");

  if (decision === "deny") {
    await transaction(async (tx) => {
      const res = await tx.oauthDeviceCode.updateMany({ where: { id: record.id, status: "pending" }, data: { status: "denied", userId: session.userId } });
      if (res.count !== 1) throw new AppError("oidc_device_code_used");
      await writeAudit(tx, "DEVICE_CODE_DENIED", meta, session.userId, { clientName: client.name, clientId: client.id });
    });
    return;
  }

  const view = await pendingDeviceView(store, record, client, session, userCode, now);
  if (!view.allowed) throw new AppError("access_denied");
  if (view.reauthenticationRequired) throw new AppError("reauthentication_required");
  await transaction(async (tx) => {
    const res = await tx.oauthDeviceCode.updateMany({
      where: { id: record.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "approved", userId: session.userId, sessionId: session.id, amr: JSON.stringify(session.amr), authTime: session.authTime },
    });
    if (res.count !== 1) throw new AppError("oidc_device_code_used");
    const key = { userId_clientId: { userId: session.userId, clientId: client.id } };
    const existing = await tx.userAuthorizedClient.findUnique({ where: key });
    const previous = existing ? (JSON.parse(existing.scope) as string[]) : [];
    // Consent keys per API audience, as the interaction stores them (inventory §2.4/§2.16).
    const merged = Array.from(new Set([...previous, ...consentKeys(record.scope, record.resource[0])]));
    await tx.userAuthorizedClient.upsert({
      where: key,
      create: { userId: session.userId, clientId: client.id, scope: JSON.stringify(merged), lastUsedAt: now },
      update: { scope: JSON.stringify(merged), lastUsedAt: now },
    });
    await writeAudit(tx, existing ? "DEVICE_CODE_AUTHORIZATION" : "NEW_DEVICE_CODE_AUTHORIZATION", meta, session.userId, {
      clientName: client.name,
      clientId: client.id,
    });
  });
}
