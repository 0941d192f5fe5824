import { z } from "zod";
import { expiryDateSchema } from "../validation";

/** Printable ASCII without spaces, at least 16 characters (inventory §1.5 POST .../secrets). */
export const clientSecretCreateSchema = z
  .object({
    secret: z
      .string()
      .min(16, "Use at least 16 characters")
      .max(256, "Use at most 256 characters")
      .regex(/^[\x21-\x7e]+$/, "Use printable ASCII characters only, without spaces")
      .optional(),
    expiresAt: expiryDateSchema
      .meta({ type: "string", format: "date-time", description: "Optional: when the secret stops working." })
      .nullish(),
  }, { error: "Send { secret?, expiresAt? } or no body" })
  .strict();

export function secretDto(s: { id: string; prefix: string; createdAt: Date; expiresAt: Date | null }, now = new Date()) {
  return { id: s.id, prefix: s.prefix, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt?.toISOString() ?? null, active: !s.expiresAt || s.expiresAt > now };
}

export const secretDtoSchema = z.object({ id: z.string(), prefix: z.string(), createdAt: z.string(), expiresAt: z.string().nullable(), active: z.boolean() });
export const secretWithValueSchema = secretDtoSchema.extend({ secret: z.string() });

/** Pocket ID keeps at most 20 secrets per client (§6.3). */
export const MAX_SECRETS = 20;
