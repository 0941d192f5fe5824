import type { Tx } from "../../db/client";
import type { Actor } from "../transaction";
import type { CheckedImage } from "../images/check-image";
import { fetchClientLogo } from "./fetch-client-logo";
import { setClientLogo } from "./set-client-logo";

export interface FetchedLogos {
  light?: CheckedImage;
  dark?: CheckedImage;
}

/**
 * `logoUrl` / `darkLogoUrl` of a client create or update (inventory §2.18): downloaded and
 * checked before anything is saved, so a bad URL refuses the whole request and changes nothing.
 */
export async function fetchLogosFromBody(body: { logoUrl?: string | null; darkLogoUrl?: string | null }): Promise<FetchedLogos> {
  const [light, dark] = await Promise.all([body.logoUrl ? fetchClientLogo(body.logoUrl) : undefined, body.darkLogoUrl ? fetchClientLogo(body.darkLogoUrl) : undefined]);
  return { light, dark };
}

/** Stores what fetchLogosFromBody downloaded, in the caller's transaction. */
export async function storeFetchedLogos(tx: Tx, actor: Actor, clientId: string, logos: FetchedLogos): Promise<void> {
  if (logos.light) await setClientLogo(tx, actor, clientId, true, logos.light, "url");
  if (logos.dark) await setClientLogo(tx, actor, clientId, false, logos.dark, "url");
}
