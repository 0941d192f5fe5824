import { createHash } from "node:crypto";
import { loadSharp } from "../images/load-sharp";
import { AppError } from "../../errors";

/** Pocket ID's picture size (inventory §5.6): a 300×300 PNG. */
export const PICTURE_SIZE = 300;
/** The largest upload accepted; phones' full-resolution photos are 3-8 MB. */
export const MAX_PICTURE_BYTES = 10 * 1024 * 1024;
/**
 * Decoding stops above this many pixels (a 1 KB PNG can declare 50,000 × 50,000 pixels and
 * make the decoder allocate gigabytes): 40 megapixels covers every camera photo.
 */
const MAX_INPUT_PIXELS = 40_000_000;

/**
 * Raster formats decoded. Never SVG (a script-bearing document, and librsvg would fetch what it
 * references), nor PDF or other vector or multi-page documents libvips could open.
 */
const ACCEPTED = new Set(["jpeg", "png", "webp", "gif", "avif", "heif", "tiff"]);
const TOO_MANY_PIXELS = "This image has too many pixels: use one of at most 40 megapixels.";
export const ACCEPTED_TYPES_SENTENCE = "Upload a JPEG, PNG, WebP, GIF or AVIF image.";

export interface ProcessedPicture {
  png: Buffer;
  sha256: string;
}

/**
 * Turns an uploaded image into the stored picture: format identified from the bytes (the
 * declared Content-Type is ignored), decoded with a pixel limit, turned upright per its EXIF
 * orientation, centre-cropped to a square and scaled to 300×300, re-encoded as PNG. The output
 * carries no metadata (sharp writes none unless asked): no EXIF, GPS position, camera or XMP.
 * Animated images keep their first frame.
 */
export async function processProfilePicture(bytes: Uint8Array): Promise<ProcessedPicture> {
  const sharp = await loadSharp();
  let format: string | undefined;
  let pixels = 0;
  try {
    // Header only: nothing is decoded yet.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? 0);
  } catch {
    throw new AppError("file_type_not_supported", `This file is not an image that can be used as a profile picture. ${ACCEPTED_TYPES_SENTENCE}`);
  }
  if (!format || !ACCEPTED.has(format)) {
    throw new AppError("file_type_not_supported", `${format === "svg" ? "SVG images are not accepted as profile pictures." : "This file type is not accepted as a profile picture."} ${ACCEPTED_TYPES_SENTENCE}`);
  }
  if (pixels > MAX_INPUT_PIXELS) throw new AppError("invalid_image", TOO_MANY_PIXELS);
  let png: Buffer;
  try {
    png = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", pages: 1 })
      .rotate()
      .resize(PICTURE_SIZE, PICTURE_SIZE, { fit: "cover", position: "centre" })
      .png({ compressionLevel: 9 })
      .toBuffer();
  } catch (e) {
    const tooBig = /pixel limit/i.test((e as Error)?.message ?? "");
    throw new AppError(
      "invalid_image",
      tooBig ? TOO_MANY_PIXELS : "This image could not be read: it may be damaged or incomplete. Try another file.",
    );
  }
  return { png, sha256: pictureHash(png) };
}

export function pictureHash(png: Uint8Array): string {
  return createHash("sha256").update(png).digest("base64url");
}
