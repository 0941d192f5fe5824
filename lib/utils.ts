import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

export function cn(...inputs: ClassValue[]) {
  return twMerge(clsx(inputs));
}

/**
 * The path segment for a client id (inventory §1.5): as it is when it is a plain id,
 * `~base64url(utf8)` when it holds URL characters (a CIMD client id). lib/http/path-id.ts decodes it.
 * No Buffer: components run in the browser.
 */
export function encodePathId(id: string): string {
  if (/^[A-Za-z0-9._-]+$/.test(id)) return id;
  let binary = "";
  for (const byte of new TextEncoder().encode(id)) binary += String.fromCharCode(byte);
  return `~${btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "")}`;
}
