import type { Tx } from "../../db/client";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";

export const API_NOT_FOUND = () => new AppError("not_found", "This API does not exist (any more).");

/** The API with its permissions, or not_found. */
export async function findApiOrThrow(tx: Tx, id: string) {
  if (!isLookupId(id)) throw API_NOT_FOUND();
  const api = await tx.api.findUnique({ where: { id }, include: { permissions: true } });
  if (!api) throw API_NOT_FOUND();
  return api;
}
