import { db, type Tx } from "../../db/client";
import { listQuerySchema, paginated, type ListParams } from "../list-query";
import { apiKeyDto } from "./api-key-dto";

export const API_KEY_SORT_COLUMNS = ["name", "expiresAt", "lastUsedAt", "createdAt"] as const;
export const listApiKeysQuerySchema = listQuerySchema({ sort: API_KEY_SORT_COLUMNS });
export type ApiKeyListParams = ListParams<(typeof API_KEY_SORT_COLUMNS)[number]>;

/** GET /api-keys: the caller's own keys with their last use (inventory §1.5). */
export async function listApiKeys(userId: string, p: ApiKeyListParams, tx: Tx = db()) {
  const where = { userId };
  const orderBy = [{ [p.sort?.column ?? "createdAt"]: p.sort?.direction ?? (p.sort ? "asc" : "desc") }, { id: "asc" as const }];
  const [total, rows] = await Promise.all([
    tx.apiKey.count({ where }),
    tx.apiKey.findMany({ where, orderBy, skip: (p.page - 1) * p.limit, take: p.limit }),
  ]);
  return paginated(rows.map(apiKeyDto), total, p);
}
