import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { newApiKeyToken } from "../../auth/api-key-auth";
import type { Actor } from "../transaction";
import { apiKeyCreateSchema, apiKeyDto, type ApiKeyCreateInput } from "./api-key-dto";

/**
 * Any signed-in user creates an API key for themself (inventory §1.5, §6.5). The 32-character
 * token is returned once; only its SHA-256 is stored.
 */
export async function createApiKey(tx: Tx, actor: Actor, input: ApiKeyCreateInput, now = new Date()) {
  const data = apiKeyCreateSchema.parse(input);
  if (data.expiresAt <= now) throw new AppError("invalid_api_key_expiration", undefined, { expiresAt: "Choose a date in the future" });
  const { token, keyHash } = newApiKeyToken();
  const row = await tx.apiKey.create({
    data: { name: data.name, description: data.description || null, expiresAt: data.expiresAt, keyHash, userId: actor.userId },
  });
  await writeAudit(tx, "API_KEY_CREATED", actor.meta, actor.userId, { apiKeyId: row.id, name: row.name, expiresAt: row.expiresAt.toISOString() });
  return { apiKey: apiKeyDto(row), token };
}
