import list from "./aaguids.json";

/**
 * Passkey provider names and icons by AAGUID (peer-anchors §4b), from the passkey-developer
 * community list shipped in aaguids.json and refreshed by scripts/update-aaguids.mjs. For naming
 * passkeys in the account page only: an AAGUID is what the authenticator claims, never a reason
 * to trust or refuse a passkey.
 */
export interface AuthenticatorInfo {
  name: string;
  /** data: URIs (SVG or 48 px PNG), for <img src>. */
  iconLight: string | null;
  iconDark: string | null;
}

const entries = list as Record<string, { name: string; icon_light?: string; icon_dark?: string }>;

/** Pocket ID's name for a passkey whose authenticator the list does not know (inventory §5.2). */
export const DEFAULT_PASSKEY_NAME = "New Passkey";

/** The provider behind an AAGUID, or null (unknown, or the all-zero AAGUID of attestation "none"). */
export function authenticatorFor(aaguid: string | null | undefined): AuthenticatorInfo | null {
  if (!aaguid) return null;
  const entry = entries[aaguid.toLowerCase()];
  if (!entry) return null;
  return { name: entry.name, iconLight: entry.icon_light ?? null, iconDark: entry.icon_dark ?? entry.icon_light ?? null };
}

/** The name a new passkey gets: its provider's, cut to the 50 characters a rename allows. */
export function passkeyNameFor(aaguid: string | null | undefined): string {
  return authenticatorFor(aaguid)?.name.slice(0, 50) ?? DEFAULT_PASSKEY_NAME;
}
