import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { lockRow } from "../../db/row-lock";
import { isLookupId } from "../validation";

export const API_NOT_FOUND = () => new AppError("not_found", "This API does not exist (any more).");

/**
 * The API with its permissions, or not_found. `lock`: the API's row stays locked until the
 * transaction ends (lib/db/row-lock.ts), for changes that replace its permissions or grants from
 * what they read here.
 */
export async function findApiOrThrow(tx: Tx, id: string, opts: { lock?: boolean } = {}) {
  if (!isLookupId(id)) throw API_NOT_FOUND();
  if (opts.lock) await lockRow(tx, "api", id);
  const api = await tx.api.findUnique({ where: { id }, include: { permissions: true } });
  if (!api) throw API_NOT_FOUND();
  return api;
}
