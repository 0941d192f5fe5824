import { db } from "../../db/client";
import { fileStorage } from "../../db/file-storage";
import { AppError } from "../../errors";
import { isLookupId } from "../validation";
import { IMAGE_CONTENT_TYPES, type ImageExt } from "../images/check-image";
import { clientLogoPath } from "./client-logo-path";

const NO_LOGO = "This client has no logo.";

/**
 * GET /oidc/clients/:id/logo (inventory §1.5): the light logo, or with `light=false` the dark
 * one, falling back to the light one when there is no dark logo. 404 image_not_found when the
 * client has none (or does not exist: the answer is public and says nothing more).
 */
export async function loadClientLogo(clientId: string, light: boolean) {
  if (!isLookupId(clientId)) throw new AppError("image_not_found", NO_LOGO);
  const client = await db().oidcClient.findUnique({ where: { id: clientId }, select: { imageType: true, darkImageType: true } });
  if (!client) throw new AppError("image_not_found", NO_LOGO);
  const candidates: Array<[boolean, string | null]> = light ? [[true, client.imageType]] : [[false, client.darkImageType], [true, client.imageType]];
  for (const [isLight, ext] of candidates) {
    if (!ext) continue;
    const file = await fileStorage().read(clientLogoPath(clientId, isLight, ext));
    if (file) return { ...file, contentType: IMAGE_CONTENT_TYPES[ext as ImageExt] ?? "application/octet-stream", ext };
  }
  throw new AppError("image_not_found", NO_LOGO);
}
