import { loadSharp } from "../images/load-sharp";
import { sha256Of } from "../../db/file-storage";
import type { ApplicationImageKind } from "./application-image-kinds";

/**
 * The bundled defaults (inventory §3.3, §6.7): the key mark the app has always shown (lucide's
 * "key-round"), drawn dark for the light theme and light for the dark theme, a favicon of it on
 * a rounded square, and the email logo as a PNG rendered once from the light logo (email clients
 * do not show SVG). There is no default background and no default profile picture.
 */
const KEY_PATHS = `<path d="M2.586 17.414A2 2 0 0 0 2 18.828V21a1 1 0 0 0 1 1h3a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h1a1 1 0 0 0 1-1v-1a1 1 0 0 1 1-1h.172a2 2 0 0 0 1.414-.586l.814-.814a6.5 6.5 0 1 0-4-4z"/><circle cx="16.5" cy="7.5" r=".5" fill="currentColor"/>`;

function keySvg(colour: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="24" height="24" viewBox="0 0 24 24" fill="none" stroke="${colour}" color="${colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${KEY_PATHS}</svg>`;
}

const FAVICON = `<svg xmlns="http://www.w3.org/2000/svg" width="32" height="32" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#18181b"/><g transform="translate(4 4)" fill="none" stroke="#fafafa" color="#fafafa" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${KEY_PATHS}</g></svg>`;

export interface DefaultImage {
  data: Buffer;
  sha256: string;
  contentType: string;
  ext: string;
}

function svg(text: string): DefaultImage {
  const data = Buffer.from(text, "utf8");
  return { data, sha256: sha256Of(data), contentType: "image/svg+xml", ext: "svg" };
}

const SVG_DEFAULTS: Partial<Record<ApplicationImageKind, DefaultImage>> = {
  logoLight: svg(keySvg("#18181b")),
  logoDark: svg(keySvg("#fafafa")),
  favicon: svg(FAVICON),
};

let emailLogo: Promise<DefaultImage> | undefined;

/** The bundled default of an image kind, or null when it has none. */
export async function defaultApplicationImage(kind: ApplicationImageKind): Promise<DefaultImage | null> {
  const fixed = SVG_DEFAULTS[kind];
  if (fixed) return fixed;
  if (kind === "logoEmail") {
    // Our own SVG, rendered once per process: librsvg never sees an uploaded document.
    emailLogo ??= loadSharp()
      .then((sharp) =>
        sharp(Buffer.from(keySvg("#18181b")), { density: 576 })
          .resize(96, 96, { fit: "contain", background: { r: 0, g: 0, b: 0, alpha: 0 } })
          .png()
          .toBuffer(),
      )
      .then((data) => ({ data, sha256: sha256Of(data), contentType: "image/png", ext: "png" }));
    return emailLogo;
  }
  return null;
}
