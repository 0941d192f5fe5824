import { fileStorage } from "../../db/file-storage";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { transaction, type Actor } from "../transaction";
import { APPLICATION_IMAGES, type ApplicationImageKind } from "./application-image-kinds";
import { findApplicationImageFile } from "./load-application-image";

/**
 * DELETE /application-images/<kind> (inventory §1.5): back to the bundled default (logos), or
 * none (background, default profile picture). Only where Pocket ID allows it; nothing uploaded
 * is not an error and writes no audit row.
 */
export async function resetApplicationImage(actor: Actor, kind: ApplicationImageKind): Promise<void> {
  const spec = APPLICATION_IMAGES[kind];
  if (!spec.deletable) throw new AppError("validation_failed", `The ${spec.label.toLowerCase()} cannot be removed: upload another one to replace it.`);
  const found = await findApplicationImageFile(kind);
  if (!found) return;
  await transaction(async (tx) => {
    await fileStorage().delete(found.path, tx);
    await writeAudit(tx, "APPLICATION_IMAGE_RESET", actor.meta, actor.userId, { image: kind });
  });
}
