import { z } from "zod";
import { db } from "../../db/client";
import { AppError } from "../../errors";
import type { RequestMeta } from "../../db/audit";
import { isLookupId } from "../validation";
import { issueLoginCode, type IssuedLoginCode } from "./issue-login-code";

const MAX_TTL_SECONDS = 31 * 24 * 3600;
const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** A Go duration as Pocket ID's API takes it ("15m", "1h30m", "168h"), in seconds; null if it is not one. */
function parseDuration(value: string): number | null {
  if (!/^(\d+[smh])+$/.test(value)) return null;
  let total = 0;
  for (const [, n, unit] of value.matchAll(/(\d+)([smh])/g)) total += Number(n) * UNITS[unit];
  return total;
}

/**
 * `{ttl}` of POST /api/users/:id/one-time-access-token (inventory §1.5): seconds, or a Go duration
 * string; default 15 minutes, at most 31 days. The admin page offers 1 h, 12 h, 1 day and 1 week.
 */
export const createLoginCodeSchema = z.object(
  {
    ttl: z
      .union([z.number().int(), z.string().trim()])
      .optional()
      .transform((v, ctx) => {
        if (v === undefined || v === "") return 15 * 60;
        const seconds = typeof v === "number" ? v : /^\d+$/.test(v) ? Number(v) : parseDuration(v);
        if (seconds === null || seconds < 60 || seconds > MAX_TTL_SECONDS) {
          ctx.addIssue({ code: "custom", message: "Choose a validity between 1 minute and 31 days, in seconds or as a duration such as 1h or 15m" });
          return z.NEVER;
        }
        return seconds;
      }),
  },
  { error: "Send the fields as a JSON object" },
);
export type CreateLoginCodeInput = z.input<typeof createLoginCodeSchema>;

/**
 * An admin creates a login code for a user (the user's page, or the REST API): shown once, with
 * its link; recorded in the user's audit log with the admin as actor. A disabled user gets none:
 * they could not use it, and a code waiting for the account to be re-enabled would surprise.
 */
export async function createLoginCode(
  userId: string,
  input: CreateLoginCodeInput,
  actor: { id: string; username: string },
  meta: RequestMeta,
): Promise<IssuedLoginCode> {
  const { ttl } = createLoginCodeSchema.parse(input);
  if (!isLookupId(userId)) throw new AppError("user_not_found");
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, disabled: true } });
    if (!user) throw new AppError("user_not_found");
    if (user.disabled) throw new AppError("user_disabled", "This account is disabled: enable it before creating a login code.");
    return issueLoginCode(tx, { userId, ttlSeconds: ttl, channel: "admin", actor }, meta);
  });
}
