import { ANY_IMAGE, RASTER_IMAGE, type ImageExt } from "../images/check-image";

/**
 * The application images (inventory §1.5, §3.3, §6.7), by their REST name: the file name in
 * `application-images/`, the types accepted (Pocket ID: email logo PNG/JPEG only, favicon
 * SVG/PNG/ICO only, the rest any supported type), the upload limit, and whether DELETE is
 * allowed (Pocket ID: light/dark logo, background and default profile picture).
 */
export type ApplicationImageKind = "logoLight" | "logoDark" | "logoEmail" | "background" | "favicon" | "defaultProfilePicture";

export interface ApplicationImageSpec {
  file: string;
  label: string;
  allowed: readonly ImageExt[];
  maxBytes: number;
  deletable: boolean;
  /** Served with no session (everything but the default profile picture, which is admin-only). */
  isPublic: boolean;
}

const MiB = 1024 * 1024;

export const APPLICATION_IMAGES: Record<ApplicationImageKind, ApplicationImageSpec> = {
  logoLight: { file: "logoLight", label: "Logo (light theme)", allowed: ANY_IMAGE, maxBytes: 2 * MiB, deletable: true, isPublic: true },
  logoDark: { file: "logoDark", label: "Logo (dark theme)", allowed: ANY_IMAGE, maxBytes: 2 * MiB, deletable: true, isPublic: true },
  logoEmail: { file: "logoEmail", label: "Email logo", allowed: ["png", "jpg"], maxBytes: 2 * MiB, deletable: false, isPublic: true },
  background: { file: "background", label: "Background image", allowed: [...RASTER_IMAGE, "svg"], maxBytes: 10 * MiB, deletable: true, isPublic: true },
  favicon: { file: "favicon", label: "Favicon", allowed: ["svg", "png", "ico"], maxBytes: 1 * MiB, deletable: false, isPublic: true },
  // Processed like a profile picture: a 300×300 PNG (lib/services/profile-pictures).
  defaultProfilePicture: { file: "default-profile-picture", label: "Default profile picture", allowed: RASTER_IMAGE, maxBytes: 10 * MiB, deletable: true, isPublic: false },
};

export const APPLICATION_IMAGE_DIR = "application-images";
