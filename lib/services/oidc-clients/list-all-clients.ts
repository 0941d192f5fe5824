import { db } from "../../db/client";
import { clientDto } from "./client-input";

/** Every client, newest first: for pickers that filter a short list in memory. */
export async function listClients() {
  const rows = await db().oidcClient.findMany({ orderBy: { createdAt: "desc" } });
  return rows.map(clientDto);
}
