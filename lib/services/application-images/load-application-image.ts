import { fileStorage } from "../../db/file-storage";
import { AppError } from "../../errors";
import { IMAGE_CONTENT_TYPES, type ImageExt } from "../images/check-image";
import { APPLICATION_IMAGE_DIR, APPLICATION_IMAGES, type ApplicationImageKind } from "./application-image-kinds";
import { defaultApplicationImage } from "./default-images";

/** The uploaded file of a kind (`application-images/<file>.<ext>`), whatever its type, or null. */
export async function findApplicationImageFile(kind: ApplicationImageKind): Promise<{ path: string; ext: ImageExt } | null> {
  const { file } = APPLICATION_IMAGES[kind];
  const names = await fileStorage().list(APPLICATION_IMAGE_DIR);
  const name = names.find((n) => n.startsWith(`${file}.`) && n.slice(file.length + 1) in IMAGE_CONTENT_TYPES);
  return name ? { path: `${APPLICATION_IMAGE_DIR}/${name}`, ext: name.slice(file.length + 1) as ImageExt } : null;
}

export interface LoadedApplicationImage {
  data: Buffer;
  sha256: string;
  contentType: string;
  ext: string;
  custom: boolean;
}

/**
 * GET /application-images/<kind> (inventory §1.5): the uploaded image, else the bundled
 * default; 404 image_not_found when there is neither (background, default profile picture).
 */
export async function loadApplicationImage(kind: ApplicationImageKind): Promise<LoadedApplicationImage> {
  const found = await findApplicationImageFile(kind);
  if (found) {
    const file = await fileStorage().read(found.path);
    if (file) return { ...file, contentType: IMAGE_CONTENT_TYPES[found.ext], ext: found.ext, custom: true };
  }
  const fallback = await defaultApplicationImage(kind);
  if (!fallback) throw new AppError("image_not_found", `No ${APPLICATION_IMAGES[kind].label.toLowerCase()} has been uploaded.`);
  return { ...fallback, custom: false };
}

export interface ApplicationImageVersions {
  /** SHA-256 of the uploaded image, null when the default (or nothing) is used. */
  logoLight: string | null;
  logoDark: string | null;
  favicon: string | null;
  background: string | null;
  logoEmail: string | null;
  defaultProfilePicture: string | null;
}

/** Which images are uploaded, with their versions, for pages' `?v=` URLs (no bytes read when avoidable). */
export async function applicationImageVersions(): Promise<ApplicationImageVersions> {
  const storage = fileStorage();
  const names = await storage.list(APPLICATION_IMAGE_DIR);
  const version = async (kind: ApplicationImageKind) => {
    const { file } = APPLICATION_IMAGES[kind];
    const name = names.find((n) => n.startsWith(`${file}.`) && n.slice(file.length + 1) in IMAGE_CONTENT_TYPES);
    return name ? ((await storage.stat(`${APPLICATION_IMAGE_DIR}/${name}`))?.sha256 ?? null) : null;
  };
  const [logoLight, logoDark, favicon, background, logoEmail, defaultProfilePicture] = await Promise.all(
    (["logoLight", "logoDark", "favicon", "background", "logoEmail", "defaultProfilePicture"] as const).map(version),
  );
  return { logoLight, logoDark, favicon, background, logoEmail, defaultProfilePicture };
}
