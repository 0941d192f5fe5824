import { loadSharp } from "./load-sharp";
import { AppError } from "../../errors";

/**
 * Uploaded images for logos, favicons, backgrounds (inventory §6.7, §2.18): the type comes from
 * the bytes, never from the file name or the declared Content-Type; raster images are decoded
 * with a pixel limit and re-encoded, which drops every metadata block (EXIF, GPS, XMP, comments:
 * sharp writes none unless asked); SVG documents are refused when they could run script.
 */
export type ImageExt = "png" | "jpg" | "gif" | "webp" | "avif" | "svg" | "ico";

export const IMAGE_CONTENT_TYPES: Record<ImageExt, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
  svg: "image/svg+xml",
  ico: "image/x-icon",
};

/** Pocket ID's logo types (jpg/jpeg/png/svg/ico/gif/webp/avif/heic; HEIC is stored as PNG). */
export const ANY_IMAGE: readonly ImageExt[] = ["png", "jpg", "gif", "webp", "avif", "svg", "ico"];
export const RASTER_IMAGE: readonly ImageExt[] = ["png", "jpg", "gif", "webp", "avif"];

const NAMES: Record<ImageExt, string> = { png: "PNG", jpg: "JPEG", gif: "GIF", webp: "WebP", avif: "AVIF", svg: "SVG", ico: "ICO" };

export function acceptedTypesSentence(allowed: readonly ImageExt[]): string {
  const names = allowed.map((e) => NAMES[e]);
  return `Upload a ${names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names[0]} image.`;
}

export interface CheckedImage {
  data: Buffer;
  ext: ImageExt;
  contentType: string;
}

/** A 1 KB PNG can declare 50,000 × 50,000 pixels: stop decoding above 40 megapixels. */
const MAX_INPUT_PIXELS = 40_000_000;

/** sharp's name for a decoded format → what it is stored as (HEIC cannot be re-encoded: PNG). */
const RASTER_FORMATS: Record<string, ImageExt> = { jpeg: "jpg", png: "png", webp: "webp", gif: "gif", heif: "png", tiff: "png" };

function isIco(b: Uint8Array): boolean {
  // ICONDIR: reserved 0, type 1 (icon), at least one image.
  return b.length > 22 && b[0] === 0 && b[1] === 0 && b[2] === 1 && b[3] === 0 && (b[4] | (b[5] << 8)) > 0;
}

/**
 * Whether the bytes are an SVG document: XML text whose root element is <svg>, after an
 * optional byte-order mark, XML declaration, comments and DOCTYPE.
 */
export function looksLikeSvg(b: Uint8Array): boolean {
  const head = Buffer.from(b.subarray(0, 4096)).toString("utf8").replace(/^\uFEFF/, "");
  const rest = head.replace(/^\s*(<\?xml[\s\S]*?\?>)?(\s*<!--[\s\S]*?-->|\s*<!DOCTYPE[^[>]*(\[[\s\S]*?\])?\s*>)*\s*/i, "");
  return /^<svg[\s>]/i.test(rest);
}

/**
 * Things in an SVG that could run script or load a document when the file is opened on its own
 * (inside <img> a browser never runs SVG script, but a logo URL can be opened directly).
 * Character references are decoded first, so `&#106;avascript:` is seen as `javascript:`.
 */
const SVG_DANGERS: Array<[RegExp, string]> = [
  [/<script[\s>/]/i, "a <script> element"],
  [/[\s"'/]on[a-z]+\s*=/i, "an event handler attribute (onload=, onclick=, …)"],
  [/(java|vb)script\s*:/i, "a javascript: link"],
  [/data\s*:\s*(text\/html|application\/(xhtml\+)?xml|image\/svg)/i, "an embedded HTML or SVG document"],
  [/<foreignObject[\s>/]/i, "a <foreignObject> element"],
  [/<(iframe|embed|object|handler|listener)[\s>/]/i, "an embedded document or handler"],
  [/<!ENTITY/i, "an XML entity declaration"],
  [/<\?xml-stylesheet/i, "an external stylesheet"],
];

function decodeCharRefs(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);?/gi, (_, h: string) => safeChar(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d: string) => safeChar(parseInt(d, 10)))
    .replace(/&(colon|tab|newline);/gi, (_, n: string) => ({ colon: ":", tab: "\t", newline: "\n" })[n.toLowerCase()] ?? "");
}

function safeChar(code: number): string {
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "";
}

/** Refuses an SVG that carries script (invalid_image, with the reason). */
export function checkSvgSafe(bytes: Uint8Array): void {
  const text = Buffer.from(bytes).toString("utf8");
  if (text.includes("\u0000")) throw new AppError("invalid_image", "This SVG file is not valid text. Export it again, or upload a PNG.");
  const decoded = decodeCharRefs(text);
  for (const [re, what] of SVG_DANGERS) {
    if (re.test(decoded)) {
      throw new AppError("invalid_image", `This SVG contains ${what}, which could run code in a browser. Remove it (export the image again as a plain SVG), or upload a PNG.`);
    }
  }
}

/**
 * Checks an uploaded image and returns the bytes to store. Refusals: `file_type_not_supported`
 * (415) for a type outside `allowed` or not an image at all, `invalid_image` (400) for a
 * damaged or oversized raster or a script-bearing SVG. Size limits are the caller's (upload.ts).
 */
export async function checkImage(bytes: Uint8Array, allowed: readonly ImageExt[]): Promise<CheckedImage> {
  const refuse = (what: string) => new AppError("file_type_not_supported", `${what} ${acceptedTypesSentence(allowed)}`);
  if (looksLikeSvg(bytes)) {
    if (!allowed.includes("svg")) throw refuse("SVG images are not accepted here.");
    checkSvgSafe(bytes);
    return { data: Buffer.from(bytes), ext: "svg", contentType: IMAGE_CONTENT_TYPES.svg };
  }
  if (isIco(bytes)) {
    if (!allowed.includes("ico")) throw refuse("ICO icons are not accepted here.");
    // An icon directory carries no EXIF/XMP: stored as uploaded.
    return { data: Buffer.from(bytes), ext: "ico", contentType: IMAGE_CONTENT_TYPES.ico };
  }
  const sharp = await loadSharp();
  let format: string | undefined;
  let pixels = 0;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    format = meta.format;
    pixels = (meta.width ?? 0) * (meta.height ?? (meta.pageHeight ?? 0));
    // AVIF is decoded by the heif loader: tell it apart by its compression.
    if (format === "heif" && meta.compression === "av1") format = "avif";
  } catch {
    throw refuse("This file is not an image.");
  }
  const ext: ImageExt | undefined = format === "avif" ? "avif" : format ? RASTER_FORMATS[format] : undefined;
  // HEIC/TIFF become PNG: accepted wherever PNG is.
  if (!ext || !allowed.includes(ext)) throw refuse(format === "svg" ? "SVG images are not accepted here." : "This file type is not accepted here.");
  if (pixels > MAX_INPUT_PIXELS) throw new AppError("invalid_image", "This image has too many pixels: use one of at most 40 megapixels.");
  let data: Buffer;
  try {
    const animated = ext === "gif" || ext === "webp";
    let img = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated }).rotate();
    if (ext === "jpg") img = img.jpeg({ quality: 90, mozjpeg: true });
    else if (ext === "webp") img = img.webp({ quality: 90 });
    else if (ext === "gif") img = img.gif();
    else if (ext === "avif") img = img.avif({ quality: 70 });
    else img = img.png({ compressionLevel: 9 });
    data = await img.toBuffer();
  } catch {
    throw new AppError("invalid_image", "This image could not be read: it may be damaged or incomplete. Try another file.");
  }
  return { data, ext, contentType: IMAGE_CONTENT_TYPES[ext] };
}
