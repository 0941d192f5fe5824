import { db, type Tx } from "../../db/client";
import { apiDto } from "./api-dto";
import { findApiOrThrow } from "./find-api";

/** GET /apis/:id: the API with its permissions. */
export async function getApi(id: string, tx: Tx = db()) {
  return apiDto(await findApiOrThrow(tx, id));
}
