import type { Tx } from "../../db/client";
import { fileStorage } from "../../db/file-storage";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import type { Actor } from "../transaction";
import { CLIENT_NOT_FOUND } from "../oidc-clients/client-admin-dto";
import { ANY_IMAGE, type CheckedImage } from "../images/check-image";
import { clientLogoPath } from "./client-logo-path";

/**
 * Stores a checked logo (checkImage runs before: CPU work that must not hold a transaction) as
 * the client's light or dark logo, records its type on the client and writes CLIENT_LOGO_UPDATED.
 * With FILE_BACKEND=database the bytes commit with the transaction; on the filesystem they are
 * written (atomically), and the files of every other type are removed after.
 *
 * The row is updated before any file is touched: on PostgreSQL that UPDATE locks it, so a
 * concurrent upload or client deletion waits for this transaction (and a deleted client is a 404
 * with nothing written, not a 500 and an orphan file). The other types are removed by name rather
 * than from the type read before the lock, which a concurrent upload may have changed since.
 */
export async function setClientLogo(tx: Tx, actor: Actor, clientId: string, light: boolean, image: CheckedImage, source: "upload" | "url" = "upload") {
  if (!isLookupId(clientId)) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const locked = await tx.oidcClient.updateMany({ where: { id: clientId }, data: light ? { imageType: image.ext } : { darkImageType: image.ext } });
  if (locked.count === 0) throw new AppError("not_found", CLIENT_NOT_FOUND);
  const client = await tx.oidcClient.findUniqueOrThrow({ where: { id: clientId }, select: { name: true } });
  await writeAudit(tx, "CLIENT_LOGO_UPDATED", actor.meta, actor.userId, { clientId, clientName: client.name, logo: light ? "light" : "dark", source });
  const storage = fileStorage();
  await storage.write(clientLogoPath(clientId, light, image.ext), image.data, tx);
  for (const ext of ANY_IMAGE) {
    if (ext !== image.ext) await storage.delete(clientLogoPath(clientId, light, ext), tx);
  }
}
