import { db } from "../../db/client";
import { isUniqueViolation } from "../../db/errors";
import type { RequestMeta } from "../../db/audit";
import { randomToken } from "../../crypto/random";
import { sha256Hex } from "../../crypto/hash";
import { checkRateLimit, RATE_POLICIES } from "../../auth/rate-limit";
import {
  DEVICE_LOGIN_INTERVAL,
  DEVICE_LOGIN_TTL_MS,
  deviceLoginCodeHash,
  deviceLoginVerificationUri,
  generateDeviceLoginCode,
} from "./device-login-code";

export interface CreatedDeviceLoginRequest {
  id: string;
  userCode: string;
  verificationUri: string;
  verificationUriComplete: string;
  expiresAt: string;
  interval: number;
  /** Goes into the waiting browser's HttpOnly cookie only; the row keeps its SHA-256. */
  pollToken: string;
}

/**
 * Starts a QR sign-in on the device that has no passkey at hand (inventory §1.5 POST
 * /device-login/requests): rate limited per address (1 per 10 s, burst 5), since anyone may call
 * it. Code and polling token are stored hashed; the address and browser are kept so that the
 * approving person sees who is asking.
 */
export async function createDeviceLoginRequest(meta: RequestMeta, now = new Date()): Promise<CreatedDeviceLoginRequest> {
  await checkRateLimit(RATE_POLICIES.deviceLoginCreate, meta.ip);
  const pollToken = randomToken();
  const expiresAt = new Date(now.getTime() + DEVICE_LOGIN_TTL_MS);
  for (let attempt = 0; ; attempt++) {
    const userCode = generateDeviceLoginCode();
    try {
      const row = await db().deviceLoginRequest.create({
        data: {
          codeHash: deviceLoginCodeHash(userCode),
          pollTokenHash: sha256Hex(pollToken),
          ipAddress: meta.ip,
          userAgent: meta.userAgent.slice(0, 512),
          expiresAt,
        },
      });
      return {
        id: row.id,
        userCode,
        verificationUri: deviceLoginVerificationUri(),
        verificationUriComplete: deviceLoginVerificationUri(userCode),
        expiresAt: expiresAt.toISOString(),
        interval: DEVICE_LOGIN_INTERVAL,
        pollToken,
      };
    } catch (e) {
      // Two live requests drew the same code (one in 2^35): draw again.
      if (!isUniqueViolation(e) || attempt >= 3) throw e;
    }
  }
}
