import { fileStorage } from "../../db/file-storage";
import { writeAudit } from "../../db/audit";
import { AppError } from "../../errors";
import { transaction, type Actor } from "../transaction";
import { checkImage, type CheckedImage } from "../images/check-image";
import { processProfilePicture } from "../profile-pictures/process-profile-picture";
import { APPLICATION_IMAGE_DIR, APPLICATION_IMAGES, type ApplicationImageKind } from "./application-image-kinds";
import { findApplicationImageFile } from "./load-application-image";

/**
 * PUT /application-images/<kind> (inventory §1.5, §6.7): the type from the bytes and limited per
 * kind, metadata stripped (checkImage), the default profile picture made a 300×300 PNG like a
 * profile picture; stored as `application-images/<file>.<ext>`, replacing a file of another
 * type, with APPLICATION_IMAGE_UPDATED (in the same transaction with FILE_BACKEND=database).
 */
export async function setApplicationImage(actor: Actor, kind: ApplicationImageKind, bytes: Uint8Array): Promise<{ sha256: string }> {
  const spec = APPLICATION_IMAGES[kind];
  let image: CheckedImage;
  if (kind === "defaultProfilePicture") {
    const picture = await processProfilePicture(bytes);
    image = { data: picture.png, ext: "png", contentType: "image/png" };
  } else {
    image = await checkImage(bytes, spec.allowed);
  }
  if (!spec.allowed.includes(image.ext)) throw new AppError("file_type_not_supported");
  const storage = fileStorage();
  const previous = await findApplicationImageFile(kind);
  const path = `${APPLICATION_IMAGE_DIR}/${spec.file}.${image.ext}`;
  await transaction(async (tx) => {
    await storage.write(path, image.data, tx);
    if (previous && previous.path !== path) await storage.delete(previous.path, tx);
    await writeAudit(tx, "APPLICATION_IMAGE_UPDATED", actor.meta, actor.userId, { image: kind, type: image.ext });
  });
  return { sha256: (await storage.stat(path))?.sha256 ?? "" };
}
