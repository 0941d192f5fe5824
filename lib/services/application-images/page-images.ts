import { log } from "../../log";
import { applicationImageVersions } from "./load-application-image";
import { defaultApplicationImage } from "./default-images";

export interface PageImages {
  /** Uploaded logos' URLs (versioned, so a change shows at once); null = the built-in mark. */
  logoLight: string | null;
  logoDark: string | null;
  /** The favicon's URL, uploaded or default, versioned. */
  favicon: string;
  /** The uploaded background image's URL, or null. */
  background: string | null;
}

/**
 * The application images the pages use (inventory §6.7): layout icons, the login page's and the
 * settings header's logo. A dark logo falls back to an uploaded light one, so a brand uploaded
 * once shows in both themes. Storage trouble never breaks a page: the built-in images are used.
 */
export async function pageImages(): Promise<PageImages> {
  const defaultFavicon = (await defaultApplicationImage("favicon"))!.sha256;
  try {
    const v = await applicationImageVersions();
    const logo = (light: boolean, tag: string) => `/api/application-images/logo?light=${light}&v=${tag}`;
    return {
      logoLight: v.logoLight ? logo(true, v.logoLight) : null,
      logoDark: v.logoDark ? logo(false, v.logoDark) : v.logoLight ? logo(true, v.logoLight) : null,
      favicon: `/api/application-images/favicon?v=${v.favicon ?? defaultFavicon}`,
      background: v.background ? `/api/application-images/background?v=${v.background}` : null,
    };
  } catch (e) {
    log.warn(`[images] could not read the application images: ${(e as Error).message}`);
    return { logoLight: null, logoDark: null, favicon: `/api/application-images/favicon?v=${defaultFavicon}`, background: null };
  }
}
