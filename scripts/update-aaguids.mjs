// Refreshes lib/auth/aaguids.json, the names and icons of passkey providers by AAGUID, from the
// passkey-developer community list (github.com/passkeydeveloper/passkey-authenticator-aaguids):
// `combined_aaguid.json` is its curated list merged with FIDO's Metadata Service. The list is meant
// for naming passkeys in account pages only, never for security decisions (its README), and that is
// all we use it for.
//
//   node scripts/update-aaguids.mjs                    # download combined_aaguid.json from GitHub
//   node scripts/update-aaguids.mjs a.json b.json ...  # local files or URLs; later ones win per AAGUID
//
// Raster icons (MDS ships PNGs up to 100 KB) are re-encoded to 48x48 PNG (shown at 24-32 px) without metadata, and SVG
// icons over 32 KiB rasterised the same way, so the shipped file stays small enough to bundle; SVG
// icons are shown through <img>, where an SVG cannot run scripts. The list's README says it may be
// retired by replacing its contents with `{}`: an empty or unreadable list fails loudly (exit 2) and
// leaves the shipped file as it is.
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const DEFAULT_SOURCE = "https://raw.githubusercontent.com/passkeydeveloper/passkey-authenticator-aaguids/main/combined_aaguid.json";
const OUT = join(dirname(fileURLToPath(import.meta.url)), "..", "lib", "auth", "aaguids.json");
const ICON_SIZE = 48;
const MAX_SVG_BYTES = 32 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// C0/C1 controls and bidi overrides have no place in a name shown in a list.
const BAD_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function load(source) {
  if (/^https?:\/\//.test(source)) {
    const res = await fetch(source);
    if (!res.ok) throw new Error(`${source}: HTTP ${res.status}`);
    return res.json();
  }
  return JSON.parse(await readFile(source, "utf8"));
}

async function icon(value) {
  if (typeof value !== "string") return undefined;
  const m = /^data:image\/(svg\+xml|png|jpeg|webp);base64,([A-Za-z0-9+/=\s]+)$/.exec(value);
  if (!m) return undefined;
  const bytes = Buffer.from(m[2].replace(/\s+/g, ""), "base64");
  if (m[1] === "svg+xml" && bytes.length <= MAX_SVG_BYTES) return `data:image/svg+xml;base64,${bytes.toString("base64")}`;
  try {
    const png = await sharp(bytes, { limitInputPixels: 4096 * 4096 })
      .resize(ICON_SIZE, ICON_SIZE, { fit: "contain", background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .png({ compressionLevel: 9, palette: true })
      .toBuffer();
    return `data:image/png;base64,${png.toString("base64")}`;
  } catch {
    return undefined;
  }
}

const sources = process.argv.slice(2);
const merged = {};
for (const source of sources.length ? sources : [DEFAULT_SOURCE]) {
  let list;
  try {
    list = await load(source);
  } catch (e) {
    console.error(`update-aaguids: could not read ${source}: ${e.message}`);
    process.exit(2);
  }
  if (!list || typeof list !== "object" || Array.isArray(list) || Object.keys(list).length === 0) {
    console.error(
      `update-aaguids: ${source} is empty. The passkey-developer list announced that it would be retired by emptying it: ` +
        "check its README for a successor. The shipped lib/auth/aaguids.json was left unchanged.",
    );
    process.exit(2);
  }
  for (const [rawKey, entry] of Object.entries(list)) {
    const key = rawKey.trim().toLowerCase();
    const name = typeof entry?.name === "string" ? entry.name.trim() : "";
    if (!UUID.test(key) || !name || name.length > 100 || BAD_NAME_CHARS.test(name)) continue;
    const light = await icon(entry.icon_light);
    const dark = await icon(entry.icon_dark);
    // Most MDS entries repeat one icon for both themes: the dark one is kept only when it differs.
    merged[key] = { name, icon_light: light ?? dark, icon_dark: light && dark !== light ? dark : undefined };
  }
}

const sorted = Object.fromEntries(
  Object.keys(merged)
    .sort()
    .map((k) => [k, Object.fromEntries(Object.entries(merged[k]).filter(([, v]) => v !== undefined))]),
);
await writeFile(OUT, `${JSON.stringify(sorted, null, 0).replace(/},"/g, '},\n"')}\n`);
console.log(`update-aaguids: ${Object.keys(sorted).length} authenticators written to ${OUT}`);
