import type { Tx } from "../../db/client";
import { fileStorage } from "../../db/file-storage";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "../oidc-clients/client-admin-dto";
import { ANY_IMAGE } from "../images/check-image";
import { clientLogoPath } from "./client-logo-path";

/** DELETE /oidc/clients/:id/logo?light=…: removes that logo; nothing to remove is not an error. */
export async function deleteClientLogo(tx: Tx, actor: Actor, clientId: string, light: boolean): Promise<void> {
  if (!isLookupId(clientId)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const client = await tx.oidcClient.findUnique({ where: { id: clientId }, select: { name: true, imageType: true, darkImageType: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const ext = light ? client.imageType : client.darkImageType;
  if (!ext) return;
  await tx.oidcClient.update({ where: { id: clientId }, data: light ? { imageType: null } : { darkImageType: null } });
  await fileStorage().delete(clientLogoPath(clientId, light, ext), tx);
  await writeAudit(tx, "CLIENT_LOGO_REMOVED", actor.meta, actor.userId, { clientId, clientName: client.name, logo: light ? "light" : "dark" });
}

/**
 * A deleted client's logo files (inventory §1.5: deleting a client deletes its logos). Runs after
 * the row is deleted, so an upload that held the row committed its file first: every type is
 * removed by name, not only the types read before the delete.
 */
export async function deleteClientLogoFiles(tx: Tx, clientId: string): Promise<void> {
  const storage = fileStorage();
  for (const ext of ANY_IMAGE) {
    await storage.delete(clientLogoPath(clientId, true, ext), tx);
    await storage.delete(clientLogoPath(clientId, false, ext), tx);
  }
}
