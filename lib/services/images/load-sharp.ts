import type Sharp from "sharp";

/**
 * sharp, loaded on first use: it maps libvips (about 7 MB resident) into the process, and only an
 * image upload or the email logo needs it, while every route that can reach this code would load
 * it at start if it were imported at the top of the file.
 */
let sharp: Promise<typeof Sharp> | undefined;

export function loadSharp(): Promise<typeof Sharp> {
  sharp ??= import("sharp").then((m) => m.default);
  return sharp;
}
