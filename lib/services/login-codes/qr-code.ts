import { encode } from "uqr";

/** A QR code as one SVG path (unit squares on a size×size grid, quiet zone included). */
export interface QrPath {
  size: number;
  path: string;
}

/**
 * Encodes a link as a QR code on the server (uqr, no dependencies, no network), as an SVG path the
 * page draws dark on a white square, whatever the theme, so every camera reads it. Error
 * correction M survives a smudged or glare-hit screen.
 */
export function qrPath(text: string): QrPath {
  const { data, size } = encode(text, { ecc: "M", border: 2 });
  let path = "";
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) path += `M${x} ${y}h1v1h-1z`;
    }),
  );
  return { size, path };
}
