import type { Tx } from "../../db/client";
import { isLookupId } from "../validation";
import { CLIENT_NOT_FOUND } from "./set-api-client-grant";

/** The OIDC client (id and type), or not_found. */
export async function findClientOrThrow(tx: Tx, clientId: string) {
  if (!isLookupId(clientId)) throw CLIENT_NOT_FOUND();
  const client = await tx.oidcClient.findUnique({ where: { id: clientId }, select: { id: true, clientType: true } });
  if (!client) throw CLIENT_NOT_FOUND();
  return client;
}

