import { createHash } from "node:crypto";

/** Inventory §2.18: client logos are at most 2 MiB, uploaded or downloaded. */
export const MAX_CLIENT_LOGO_BYTES = 2 * 1024 * 1024;

export const CLIENT_LOGO_DIR = "oidc-client-images";

/**
 * Inventory §3.3: `oidc-client-images/<clientId>[-dark].<ext>`. A client ID that is not a plain
 * file name (a CIMD client's URL, or anything with other characters) is replaced by a hash of
 * it, so the path never carries what a caller chose beyond [A-Za-z0-9._-]; so is an id ending in
 * "-dark" (see below).
 */
export function clientLogoPath(clientId: string, light: boolean, ext: string): string {
  // An id ending in "-dark" would name another client's dark logo (client "x-dark"'s light logo
  // is client "x"'s dark one): hashed too, so one client's upload or deletion never touches another's file.
  const plain = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/.test(clientId) && !clientId.includes("..") && !/-dark$/i.test(clientId);
  const name = plain ? clientId : `~${createHash("sha256").update(clientId).digest("base64url")}`;
  if (!/^[a-z]{3,4}$/.test(ext)) throw new Error(`unexpected logo extension ${JSON.stringify(ext)}`);
  return `${CLIENT_LOGO_DIR}/${name}${light ? "" : "-dark"}.${ext}`;
}
