import type { Tx } from "../db/client";

/** Audit events (Pocket ID's names, inventory §6.6). */
export type AuditEvent =
  | "SIGN_IN"
  | "SIGN_OUT"
  | "ACCOUNT_CREATED"
  | "PASSKEY_ADDED"
  | "CLIENT_AUTHORIZATION"
  | "NEW_CLIENT_AUTHORIZATION"
  | "CLIENT_CREATED"
  | "CLIENT_SECRET_CREATED"
  | "AUTHORIZATION_CODE_REUSED";

export interface RequestMeta {
  ip: string | null;
  userAgent: string;
}

/** Writes one audit event inside the caller's transaction (DESIGN rule 7). */
export async function writeAudit(
  tx: Tx,
  event: AuditEvent,
  meta: RequestMeta,
  userId: string | null,
  data: Record<string, string> = {},
): Promise<void> {
  await tx.auditLog.create({
    data: { event, userId, ipAddress: meta.ip, userAgent: meta.userAgent.slice(0, 512), data: JSON.stringify(data) },
  });
}
