/**
 * Redirect URI matching (inventory §2.6; RFC 6749 §3.1.2, RFC 8252 §7.3, RFC 9700 §4.1.3).
 * Exact string comparison, with one exception: an http loopback redirect URI may use any port
 * if the registered URI matches it with the port removed. No trailing-slash or case leniency.
 * (Pocket ID's wildcard patterns come with the complete-provider issue.)
 */
export function matchRedirectUri(registered: readonly string[], requested: string): boolean {
  if (registered.includes(requested)) return true;
  const loopback = withoutLoopbackPort(requested);
  if (loopback === null) return false;
  return registered.some((r) => r === loopback || withoutLoopbackPort(r) === loopback);
}

function withoutLoopbackPort(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== "http:") return null;
  if (!isLoopbackHost(url.hostname)) return null;
  // Rebuild from the original string so that nothing but the port changes.
  const m = /^(http:\/\/[^/?#@]+?)(:\d+)?([/?#].*)?$/i.exec(uri);
  if (!m) return null;
  return m[1] + (m[3] ?? "");
}

/**
 * Checks a registered callback URL at save time: absolute, with a scheme, and never a scheme
 * that executes content in the browser.
 */
export function checkCallbackUrlPattern(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "must be an absolute URL with a scheme";
  }
  const scheme = url.protocol.toLowerCase();
  if (["javascript:", "data:", "vbscript:", "file:", "blob:"].includes(scheme)) return `the ${scheme} scheme is not allowed`;
  if (url.hash) return "must not contain a fragment (RFC 6749 §3.1.2)";
  return null;
}

/**
 * With ALLOW_INSECURE_CALLBACK_URLS=false: plain http is only acceptable to a loopback address
 * (RFC 8252 §7.3); https and private-use schemes (native apps) are always fine.
 */
export function isSecureRedirectUri(uri: string): boolean {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return false;
  }
  return url.protocol !== "http:" || isLoopbackHost(url.hostname);
}

function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
