/**
 * Request bodies of unauthenticated endpoints are small (a token request, a passkey answer, a
 * setup form): 64 KiB is far above any of them. A body is refused as soon as it is known to be
 * larger, from Content-Length when sent, else while streaming (chunked uploads), so a client can
 * never make the process hold more than the cap in memory.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The same sentence on protocol endpoints (RFC `invalid_request`) and the REST API. */
export const BODY_TOO_LARGE = "The request body is too large (at most 64 KiB).";

export type BodyText = { ok: true; text: string } | { ok: false; reason: "too_large" };

/**
 * Reads the body as UTF-8 text, stopping at `limit` bytes: an over-long body is cancelled (the
 * rest is never read) and reported as `too_large`.
 */
export async function readBodyText(request: Request, limit = MAX_BODY_BYTES): Promise<BodyText> {
  const body = await readBodyBytes(request, limit);
  return body.ok ? { ok: true, text: new TextDecoder().decode(body.bytes) } : body;
}

/** True when a text holds a NUL: PostgreSQL cannot store one in text columns (it answers 500). */
export function hasNul(value: string): boolean {
  return value.includes("\u0000");
}

export type BodyBytes = { ok: true; bytes: Uint8Array } | { ok: false; reason: "too_large" };

/**
 * The body as bytes, stopping at `limit` bytes: an over-long body is cancelled (the rest is never
 * read) and reported as `too_large`. Uploads pass a larger `limit`.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<BodyBytes> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    await request.body?.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  if (!request.body) return { ok: true, bytes: new Uint8Array(0) };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { ok: true, bytes };
}
