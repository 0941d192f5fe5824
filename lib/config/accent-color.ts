/**
 * The accent colour (inventory §4.1 accentColor, §6.7): `default` or one CSS colour. Pure (no
 * Node modules), so the settings page's client code can use the same presets and check.
 */

/** Pocket ID's presets (the settings page offers them as swatches). */
export const ACCENT_PRESETS = [
  { name: "Default", value: "default" },
  { name: "Rose", value: "oklch(0.63 0.2 15)" },
  { name: "Orange", value: "oklch(0.68 0.18 45)" },
  { name: "Amber", value: "oklch(0.77 0.16 75)" },
  { name: "Green", value: "oklch(0.65 0.17 150)" },
  { name: "Teal", value: "oklch(0.65 0.12 190)" },
  { name: "Blue", value: "oklch(0.6 0.18 255)" },
  { name: "Purple", value: "oklch(0.58 0.2 300)" },
] as const;

const NUM = String.raw`-?(?:\d+(?:\.\d+)?|\.\d+)`;
const PCT = `${NUM}%?`;
const ANGLE = `${NUM}(?:deg|rad|turn|grad)?`;
const SEP = String.raw`(?:\s*,\s*|\s+)`;
const COLOR_PATTERNS = [
  /^#(?:[0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$/i,
  new RegExp(String.raw`^oklch\(\s*${PCT}\s+${PCT}\s+${ANGLE}(?:\s*/\s*${PCT})?\s*\)$`, "i"),
  new RegExp(String.raw`^rgba?\(\s*${PCT}${SEP}${PCT}${SEP}${PCT}(?:\s*[,/]\s*${PCT})?\s*\)$`, "i"),
  new RegExp(String.raw`^hsla?\(\s*${ANGLE}${SEP}${PCT}${SEP}${PCT}(?:\s*[,/]\s*${PCT})?\s*\)$`, "i"),
];

/**
 * Whether a value may be stored as the accent colour. Strict shapes only: the value ends up in a
 * CSS custom property in every page's <style>, so nothing but digits, units and the function name
 * may pass (no `;`, `}`, `<`, `url(`, quotes or comments).
 */
export function isAccentColor(value: string): boolean {
  return value === "default" || (value.length <= 80 && COLOR_PATTERNS.some((p) => p.test(value)));
}

/** Perceived lightness 0..1 of an accepted colour, to choose readable text on it. */
function lightness(color: string): number {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex.slice(0, 3)].map((c) => c + c).join("") : hex.slice(0, 6);
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  }
  const nums = [...color.matchAll(/-?(?:\d+(?:\.\d+)?|\.\d+)%?/g)].map((m) => m[0]);
  const n = (s: string | undefined, scale: number) => (s === undefined ? 0.5 : s.endsWith("%") ? parseFloat(s) / 100 : parseFloat(s) / scale);
  if (/^oklch/i.test(color)) return n(nums[0], 1);
  if (/^rgb/i.test(color)) return 0.2126 * n(nums[0], 255) + 0.7152 * n(nums[1], 255) + 0.0722 * n(nums[2], 255);
  if (/^hsl/i.test(color)) return n(nums[2], 100);
  return 0.5;
}

/** The text colour on the accent: near-black on light accents, near-white on dark ones. */
export function accentForeground(color: string): string {
  return lightness(color) > 0.72 ? "oklch(0.205 0 0)" : "oklch(0.985 0 0)";
}
