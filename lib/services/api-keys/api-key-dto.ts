import { z } from "zod";
import { expiryDateSchema, msg, text } from "../validation";

const expiresAt = expiryDateSchema
  .meta({ type: "string", format: "date-time", description: "When the key stops working; must be in the future." });

/** POST /api-keys (inventory §1.5): name 3–50, optional description, expiry in the future. */
export const apiKeyCreateSchema = z
  .object({
    name: text("a name").trim().min(3, msg.atLeast(3)).max(50, msg.atMost(50)),
    description: text("a description").trim().max(250, msg.atMost(250)).nullish(),
    expiresAt,
  }, { error: "Send the API key as a JSON object" })
  .strict();
export type ApiKeyCreateInput = z.input<typeof apiKeyCreateSchema>;

export const apiKeyRenewSchema = z.object({ expiresAt }, { error: "Send { expiresAt }" }).strict();

export function apiKeyDto(k: { id: string; name: string; description: string | null; expiresAt: Date; lastUsedAt: Date | null; createdAt: Date }) {
  return {
    id: k.id,
    name: k.name,
    description: k.description,
    expiresAt: k.expiresAt.toISOString(),
    lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
    createdAt: k.createdAt.toISOString(),
  };
}

export const apiKeyDtoSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  expiresAt: z.string(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
});
/** The answer to create and renew: the token appears here and nowhere else, ever. */
export const apiKeyWithTokenSchema = z.object({ apiKey: apiKeyDtoSchema, token: z.string() });
