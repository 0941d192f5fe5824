import { z } from "zod";
import { describeUserAgent } from "../../http/user-agent";
import { ipLocation } from "../../http/ip-location";

export interface SessionRow {
  id: string;
  createdAt: Date;
  authTime: Date;
  expiresAt: Date;
  lastSeenAt: Date | null;
  ipAddress: string | null;
  userAgent: string;
  amr: string;
}

const SIGN_IN_METHODS: Record<string, string> = { phr: "passkey", otp: "login code" };

/**
 * A browser session as the account page and the REST API show it (beyond Pocket ID, whose
 * sessions are stateless). `current` marks the session the request itself came with.
 */
export function sessionDto(row: SessionRow, currentId: string | null) {
  const ua = describeUserAgent(row.userAgent);
  const amr = JSON.parse(row.amr) as string[];
  return {
    id: row.id,
    current: row.id === currentId,
    signedInAt: row.authTime.toISOString(),
    lastSeenAt: (row.lastSeenAt ?? row.authTime).toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    ipAddress: row.ipAddress,
    location: ipLocation(row.ipAddress),
    userAgent: row.userAgent,
    device: ua.label,
    browser: ua.browser,
    os: ua.os,
    deviceType: ua.deviceType,
    signInMethod: amr.map((m) => SIGN_IN_METHODS[m] ?? m).join(", ") || "sign-up",
  };
}
export type SessionDto = ReturnType<typeof sessionDto>;

export const sessionDtoSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  signedInAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ipAddress: z.string().nullable(),
  location: z.object({ country: z.string(), city: z.string() }).nullable(),
  userAgent: z.string(),
  device: z.string(),
  browser: z.string().nullable(),
  os: z.string().nullable(),
  deviceType: z.enum(["desktop", "mobile", "tablet", "tv", "bot", "unknown"]),
  signInMethod: z.string(),
});

export const sessionSelect = { id: true, createdAt: true, authTime: true, expiresAt: true, lastSeenAt: true, ipAddress: true, userAgent: true, amr: true } as const;
