import { env } from "../../config/env";
import { AppError } from "../../errors";
import { log } from "../../log";
import { getBytes, OutboundTooLarge } from "../../http/outbound";
import { ANY_IMAGE, checkImage, type CheckedImage } from "../images/check-image";
import { MAX_CLIENT_LOGO_BYTES } from "./client-logo-path";

const g = globalThis as unknown as { __pocketIdLogoInternalForTests?: boolean };

/**
 * TEST ONLY: let logos come from http://127.0.0.1 so integration tests can serve them locally.
 * Nothing in the application calls it; by default loopback and private addresses are refused.
 */
export function allowInternalLogoFetchesForTests(on: boolean): void {
  g.__pocketIdLogoInternalForTests = on;
}

/** Inventory §2.18: 15 s, ≤ 10 redirects, ≤ 2 MB. */
const TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 10;

/**
 * A logo by URL (`logoUrl`/`darkLogoUrl` on client create/update, inventory §2.18), fetched by
 * the server: http(s) only, public addresses only (loopback, private, link-local, metadata and
 * LOCAL_IPV6_RANGES refused, on every redirect, checked on the address connected to), then
 * checked like an upload (type from the bytes, metadata stripped, no script in SVG).
 */
export async function fetchClientLogo(url: string): Promise<CheckedImage> {
  const forTests = g.__pocketIdLogoInternalForTests === true;
  let bytes: Buffer;
  try {
    ({ bytes } = await getBytes(url, {
      allowLinkLocal: false,
      blockInternal: !forTests,
      extraBlockedIpv6: env().localIpv6Ranges,
      timeoutMs: TIMEOUT_MS,
      maxBytes: MAX_CLIENT_LOGO_BYTES,
      maxRedirects: MAX_REDIRECTS,
      userAgent: "pocket-id/logo-fetcher",
      accept: "image/*",
    }));
  } catch (e) {
    if (e instanceof OutboundTooLarge) throw new AppError("logo_too_large");
    log.info(`[client-logo] ${url}: ${(e as Error).message}`);
    throw new AppError("logo_download_failed", `The logo could not be downloaded from this URL (${(e as Error).message}). Check that it is a public http(s) address of an image, or upload the file instead.`);
  }
  if (bytes.length === 0) throw new AppError("logo_download_failed", "The logo URL answered with an empty file. Check the address, or upload the file instead.");
  try {
    return await checkImage(bytes, ANY_IMAGE);
  } catch (e) {
    if (e instanceof AppError && e.code === "file_type_not_supported") throw new AppError("logo_type_not_supported");
    throw e;
  }
}
