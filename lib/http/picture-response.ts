/** One year: a URL carrying the picture's version (`?v=`) never shows anything else. */
const VERSIONED = "public, max-age=31536000, immutable";

/**
 * A profile picture answer with its ETag. The unversioned URL (the `picture` claim) is cached for
 * 15 minutes by browsers and proxies (inventory §1.5), then revalidated with If-None-Match (304,
 * no bytes); the account pages add `?v=<version>` so that a new picture shows at once.
 */
export function pictureResponse(pic: { tag: string; png: Buffer | null }, opts: { requestedVersion?: string | null; personal?: boolean } = {}): Response {
  const cacheControl = opts.personal ? "private, no-cache" : opts.requestedVersion === pic.tag ? VERSIONED : "public, max-age=900";
  const headers: Record<string, string> = { ETag: `"${pic.tag}"`, "Cache-Control": cacheControl };
  if (!pic.png) return new Response(null, { status: 304, headers });
  return new Response(new Uint8Array(pic.png), {
    status: 200,
    headers: { ...headers, "Content-Type": "image/png", "Content-Length": String(pic.png.length), "Content-Disposition": "inline; filename=\"profile-picture.png\"" },
  });
}
