import type { Tx } from "../../db/client";
import { fileStorage } from "../../db/file-storage";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "../oidc-clients/client-admin-dto";
import type { CheckedImage } from "../images/check-image";
import { clientLogoPath } from "./client-logo-path";

/**
 * Stores a checked logo (checkImage runs before: CPU work that must not hold a transaction) as
 * the client's light or dark logo, records its type on the client and writes CLIENT_LOGO_UPDATED.
 * With FILE_BACKEND=database the bytes commit with the transaction; on the filesystem they are
 * written (atomically) first, and a file of the previous type is removed after.
 */
export async function setClientLogo(tx: Tx, actor: Actor, clientId: string, light: boolean, image: CheckedImage, source: "upload" | "url" = "upload") {
  if (!isLookupId(clientId)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const client = await tx.oidcClient.findUnique({ where: { id: clientId }, select: { name: true, imageType: true, darkImageType: true } });
  if (!client) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const storage = fileStorage();
  const previous = light ? client.imageType : client.darkImageType;
  await storage.write(clientLogoPath(clientId, light, image.ext), image.data, tx);
  await tx.oidcClient.update({ where: { id: clientId }, data: light ? { imageType: image.ext } : { darkImageType: image.ext } });
  if (previous && previous !== image.ext) await storage.delete(clientLogoPath(clientId, light, previous), tx);
  await writeAudit(tx, "CLIENT_LOGO_UPDATED", actor.meta, actor.userId, { clientId, clientName: client.name, logo: light ? "light" : "dark", source });
}
