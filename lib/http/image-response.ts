/**
 * Answers for stored images (application images, client logos): ETag from the bytes' SHA-256
 * and If-None-Match → 304; Pocket ID's cache lifetimes (inventory §1.5: application images
 * 15 min / 24 h, client logos 15 min / 12 h) as max-age and stale-while-revalidate, or a year
 * when the URL names the current version (`?v=`), as the pages' URLs do.
 *
 * Every answer is served so that no script in it can run even when the URL is opened directly
 * (an SVG is a document): a sandboxing CSP without script-src, the exact type, and nosniff.
 */
export interface ImageBody {
  data: Buffer;
  sha256: string;
  contentType: string;
}

/** Also set for these paths in next.config.ts, whose headers replace a route's own. */
export const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; sandbox";

export function imageResponse(
  image: ImageBody,
  opts: { request: Request; maxAge: number; staleWhileRevalidate: number; requestedVersion?: string | null; isPrivate?: boolean; filename?: string },
): Response {
  const cacheControl = opts.isPrivate
    ? "private, no-cache"
    : opts.requestedVersion === image.sha256
      ? "public, max-age=31536000, immutable"
      : `public, max-age=${opts.maxAge}, stale-while-revalidate=${opts.staleWhileRevalidate}`;
  const headers: Record<string, string> = {
    ETag: `"${image.sha256}"`,
    "Cache-Control": cacheControl,
    "Content-Security-Policy": IMAGE_CSP,
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
  const inm = opts.request.headers.get("if-none-match");
  if (inm && matchesEtag(inm, image.sha256)) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(image.data), {
    status: 200,
    headers: {
      ...headers,
      "Content-Type": image.contentType,
      "Content-Length": String(image.data.length),
      ...(opts.filename ? { "Content-Disposition": `inline; filename="${opts.filename}"` } : {}),
    },
  });
}

/** RFC 9110 §13.1.2: If-None-Match is `*` or a list of entity tags, compared weakly. */
export function matchesEtag(header: string, tag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((t) => t.trim().replace(/^W\//, "") === `"${tag}"`);
}
