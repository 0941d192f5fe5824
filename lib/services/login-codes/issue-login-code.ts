import type { Tx } from "../../db/client";
import { env } from "../../config/env";
import { writeAudit, type RequestMeta } from "../../db/audit";
import { sha256Hex } from "../../crypto/hash";
import { generateLoginCode, loginCodeHash } from "./login-code-format";

/** Who asked for a code: an admin for a user, the CLI (recovery), later the email channel. */
export type LoginCodeChannel = "admin" | "cli" | "email";

export interface IssueLoginCodeInput {
  userId: string;
  ttlSeconds: number;
  channel: LoginCodeChannel;
  /** The admin who issued it, recorded in the user's audit log. */
  actor?: { id: string; username: string } | null;
  /**
   * Email self-service codes (a later issue) are bound to the browser that asked for them: the
   * caller sets a random device token in that browser's cookie and passes it here.
   */
  deviceToken?: string | null;
}

export interface IssuedLoginCode {
  code: string;
  expiresAt: Date;
  /** APP_URL/lc/<code>: opens the sign-in page with the code filled in. */
  url: string;
}

/**
 * The cookie that binds an email self-service code to the browser that asked for it (inventory
 * §1.1 `__Secure-device_token`; the email channel comes in a later issue and sets it).
 */
export function loginCodeDeviceCookieName(): string {
  return env().secureCookies ? "__Secure-device_token" : "device_token";
}

export function loginCodeUrl(code: string): string {
  return `${env().appUrl}/lc/${code}`;
}

/**
 * Creates a login code inside the caller's transaction and records LOGIN_CODE_CREATED in the
 * user's own audit log (so a user sees that someone made a way into their account). Only the
 * hash is stored: the code is returned once, to be shown, printed or (later) emailed.
 */
export async function issueLoginCode(tx: Tx, input: IssueLoginCodeInput, meta: RequestMeta, now = new Date()): Promise<IssuedLoginCode> {
  const code = generateLoginCode(input.ttlSeconds);
  const expiresAt = new Date(now.getTime() + input.ttlSeconds * 1000);
  await tx.loginCode.create({
    data: {
      codeHash: loginCodeHash(code),
      userId: input.userId,
      expiresAt,
      channel: input.channel,
      createdById: input.actor?.id ?? null,
      deviceTokenHash: input.deviceToken ? sha256Hex(input.deviceToken) : null,
    },
  });
  await writeAudit(tx, "LOGIN_CODE_CREATED", meta, input.userId, {
    method: input.channel,
    expiresAt: expiresAt.toISOString(),
    ...(input.actor ? { actorUserID: input.actor.id, actorUsername: input.actor.username } : {}),
  });
  return { code, expiresAt, url: loginCodeUrl(code) };
}
