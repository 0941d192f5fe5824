import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { writeAudit } from "../../db/audit";
import { newApiKeyToken } from "../../auth/api-key-auth";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { apiKeyDto, apiKeyRenewSchema } from "./api-key-dto";

/**
 * POST /api-keys/:id/renew (inventory §1.5): an expired key of the caller gets a new expiry and a
 * new token (shown once); the old token stays dead. A key that still works is revoked instead.
 */
export async function renewApiKey(tx: Tx, actor: Actor, id: string, input: unknown, now = new Date()) {
  const { expiresAt } = apiKeyRenewSchema.parse(input);
  if (!isLookupId(id)) throw new AppError("api_key_not_found");
  const key = await tx.apiKey.findFirst({ where: { id, userId: actor.userId } });
  if (!key) throw new AppError("api_key_not_found");
  if (key.expiresAt > now) throw new AppError("api_key_not_expired");
  if (expiresAt <= now) throw new AppError("invalid_api_key_expiration", undefined, { expiresAt: "Choose a date in the future" });
  const { token, keyHash } = newApiKeyToken();
  const row = await tx.apiKey.update({ where: { id }, data: { keyHash, expiresAt, expirationEmailSent: false } });
  await writeAudit(tx, "API_KEY_RENEWED", actor.meta, actor.userId, { apiKeyId: id, name: row.name, expiresAt: expiresAt.toISOString() });
  return { apiKey: apiKeyDto(row), token };
}
