// server.mjs answers the redirects Next.js makes to a path's canonical form (a trailing slash
// dropped: /login/ → /login; backslashes and repeated slashes folded: /a//b → /a/b) itself, before
// Next.js, because Next.js sends those 308s before and without any headers() rule or proxy.ts: no
// CSP, no frame-ancestors/X-Frame-Options, no nosniff, no Referrer-Policy (HSTS comes from
// server.mjs on every response). The headers are next.config.ts's rule for `/:path+/` (the source
// of Next.js's own trailing-slash redirect), read from the build's routes-manifest.json as the fast
// path reads its rules (lib/http/fast-path.mjs headersFor), so they are declared once.
// The Location is always a same-origin path: it starts with one "/" followed by neither "/" nor "\"
// (a browser reads "//evil.example" and "/\evil.example" as another host), and carries no byte a
// browser would drop or fold (tab, CR, LF, controls, space are percent-encoded).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { headersFor } from "./fast-path.mjs";

/** next.config.ts's headers() source for the paths Next.js redirects to drop their trailing slash. */
export const REDIRECT_HEADERS_SOURCE = "/:path+/";

/**
 * The canonical form of a request target (origin-form: path and query), or null when it is
 * canonical already or not a path this redirect handles (absolute-form, `*`). The query is kept
 * as sent.
 */
export function canonicalTarget(url) {
  if (typeof url !== "string" || !url.startsWith("/")) return null;
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? "" : url.slice(q);
  // Next.js's normalizeRepeatedSlashes (backslashes, then runs of slashes) and its trailing-slash
  // redirect, in one hop instead of two.
  let canonical = path.replace(/\\/g, "/").replace(/\/{2,}/g, "/");
  if (canonical.length > 1 && canonical.endsWith("/")) canonical = canonical.slice(0, -1);
  if (canonical === path) return null;
  const target = encodeUnsafe(canonical) + encodeUnsafe(query);
  // The folding above leaves no "//" or "/\": checked again, as a redirect elsewhere must never come of it.
  return /^\/(?![/\\])/.test(target) ? target : "/";
}

/**
 * RFC 9112 §3.2: the request target as everything after server.mjs expects it, in origin-form
 * (`{ url: "/path?query", host: null }`). An absolute-form target (`http://host/path`, which a
 * server MUST accept, §3.2.2) becomes `{ url: its path and query, host: its authority }` (the Host
 * header is then to be ignored): Next.js answered such a request line with a 308 to the very URL
 * it named, another host included, and without the security headers. Null for anything that names
 * no path of this server: the asterisk-form `*`, the authority-form, other schemes, an empty
 * authority, credentials (RFC 9110 §4.2.4: an error), a fragment.
 */
export function originFormTarget(url) {
  if (typeof url !== "string") return null;
  if (url.startsWith("/")) return { url, host: null };
  const m = /^https?:\/\/([^/?#\\]+)([^#]*)$/i.exec(url);
  if (!m || m[1].includes("@")) return null;
  return { url: m[2].startsWith("/") ? m[2] : `/${m[2]}`, host: m[1] };
}

/** Characters outside printable ASCII, as %XX of their byte (Node hands the request target over as latin1). */
function encodeUnsafe(s) {
  return s.replace(/[^\x21-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);
}

/**
 * The security headers of next.config.ts's rule for `/:path+/` (CSP, X-Frame-Options, nosniff,
 * Referrer-Policy), read from the build in `dir` (the directory holding .next), with lower-case
 * names. server.mjs sends them on the redirects below and on the answers it writes itself (its
 * 400s and 405s), which Next.js's headers() never reaches. Null (logged) when the build has no
 * such rule or a config the redirects cannot follow.
 */
export function securityHeaders({ dir, log = console }) {
  try {
    const routes = JSON.parse(readFileSync(join(dir, ".next", "routes-manifest.json"), "utf8"));
    const { config } = JSON.parse(readFileSync(join(dir, ".next", "required-server-files.json"), "utf8"));
    if (config.basePath || config.i18n || config.trailingSlash) throw new Error("basePath, i18n or trailingSlash is configured");
    const rule = (routes.headers ?? []).find((r) => r.source === REDIRECT_HEADERS_SOURCE);
    const headers = rule ? headersFor([rule], "/a/") : null;
    if (!headers || Object.keys(headers).length === 0) throw new Error(`next.config.ts has no plain headers() rule for ${REDIRECT_HEADERS_SOURCE}`);
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  } catch (e) {
    log.warn(`[server] path redirects left to Next.js, and server.mjs's own error answers sent, without security headers: ${e?.message ?? e}`);
    return null;
  }
}

/**
 * Returns `(req, res) => boolean`, true when it answered the request with a 308; null when there
 * are no `headers` (securityHeaders found none in the build), so that Next.js answers those paths as before.
 */
export function createPathRedirect({ dir, log = console, headers = securityHeaders({ dir, log }) }) {
  if (!headers) return null;
  return (req, res) => {
    const target = canonicalTarget(req.url);
    if (target === null) return false;
    // As Next.js answers it: 308 (the method and body are kept), Location and Refresh, the target as the body.
    res.writeHead(308, { ...headers, location: target, refresh: `0;url=${target}` });
    res.end(target);
    return true;
  };
}
