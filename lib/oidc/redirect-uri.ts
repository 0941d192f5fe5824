/**
 * Redirect URI matching (inventory §2.6; RFC 6749 §3.1.2, RFC 8252 §7.3, RFC 9700 §4.1.3).
 *
 * A registered callback URL is either an exact URL or a pattern with `*` wildcards. Order:
 *   1. exact string match;
 *   2. the single pattern `*` matches anything;
 *   3. component-wise match of the pattern against the URL the browser would really be sent to
 *      (the requested URI parsed by the WHATWG URL parser, exactly as the redirect is built):
 *      scheme, userinfo, host and port each allow `*` inside the component; in the path `*`
 *      stays within one segment and `**` crosses segments; the query must have exactly the same
 *      parameter names with the same counts, values matched as globs; fragments are ignored.
 *   4. loopback (RFC 8252 §7.3): for http to localhost or a loopback IP, any port is accepted when
 *      a pattern matches the URL apart from the port.
 * Because the requested URI is parsed first, a wildcard can never swallow `/`, `?`, `#` or `@`
 * into the host (no domain hijack). A requested path the parser would rewrite (dot segments,
 * `\`, characters it percent-encodes) matches only by exact string: RFC 9700 §4.1.3 demands
 * exact comparison, and `/callback/../callback` is not the URI that was registered.
 * No trailing-slash or case leniency (Pocket ID issue #1510).
 */
export function matchRedirectUri(registered: readonly string[], requested: string): boolean {
  // Whatever matches, the redirect is built from the parsed URL: an unparseable URI or a scheme
  // that runs content in the browser is never a target, not even for the `*` pattern.
  const url = parseRequested(requested);
  if (!url || FORBIDDEN_SCHEMES.has(url.protocol.slice(0, -1))) return false;
  if (registered.includes(requested) || registered.includes("*")) return true;
  // RFC 9700 §4.1.3 exact comparison: the URL parser lower-cases the host, so a host written
  // with capitals matches only by exact string.
  const rawParts = splitPattern(requested);
  if (!rawParts) return false;
  if (rawParts.host !== rawParts.host.toLowerCase()) return false;
  const rawPath = rawParts.path === "" && SPECIAL.has(url.protocol.slice(0, -1)) ? "/" : rawParts.path;
  if (rawPath !== url.pathname) return false;
  const loopback = url.protocol === "http:" && isLoopbackHost(url.hostname) && url.port !== "";
  return registered.some((p) => {
    const pattern = splitPattern(p);
    if (!pattern) return false;
    return matchParts(pattern, url, requested, false) || (loopback && matchParts(pattern, url, requested, true));
  });
}

interface PatternParts {
  scheme: string;
  /** Whether the text after the scheme starts with `//` (an authority component). */
  authority: boolean;
  userinfo: string | null;
  host: string;
  port: string;
  path: string;
  query: string | null;
}

const SCHEME = /^([A-Za-z*][A-Za-z0-9+.*-]*):/;

/**
 * Splits a registered pattern into raw components without interpreting wildcards. Colons inside
 * the host or path are literal characters, never placeholders.
 */
function splitPattern(pattern: string): PatternParts | null {
  const noFragment = pattern.split("#", 1)[0];
  const scheme = SCHEME.exec(noFragment);
  if (!scheme) return null;
  let rest = noFragment.slice(scheme[0].length);
  let query: string | null = null;
  const q = rest.indexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  const parts: PatternParts = { scheme: scheme[1].toLowerCase(), authority: false, userinfo: null, host: "", port: "", path: rest, query };
  if (!rest.startsWith("//")) return parts;
  parts.authority = true;
  rest = rest.slice(2);
  const slash = rest.indexOf("/");
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  parts.path = slash >= 0 ? rest.slice(slash) : "";
  const at = authority.lastIndexOf("@");
  parts.userinfo = at >= 0 ? authority.slice(0, at) : null;
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  if (hostPort.startsWith("[")) {
    const end = hostPort.indexOf("]");
    if (end < 0) return null;
    parts.host = hostPort.slice(0, end + 1);
    const after = hostPort.slice(end + 1);
    if (after && !after.startsWith(":")) return null;
    parts.port = after.slice(1);
  } else {
    const colon = hostPort.indexOf(":");
    parts.host = colon >= 0 ? hostPort.slice(0, colon) : hostPort;
    parts.port = colon >= 0 ? hostPort.slice(colon + 1) : "";
  }
  return parts;
}

function parseRequested(uri: string): URL | null {
  try {
    return new URL(uri);
  } catch {
    return null;
  }
}

const FORBIDDEN_SCHEMES = new Set(["javascript", "data", "vbscript", "file", "blob"]);

/** Special schemes always have a path of at least "/" once parsed (WHATWG URL). */
const SPECIAL = new Set(["http", "https", "ws", "wss", "ftp", "file"]);

function matchParts(p: PatternParts, url: URL, raw: string, ignorePort: boolean): boolean {
  const scheme = url.protocol.slice(0, -1);
  if (!glob(p.scheme, scheme, "[a-z0-9+.-]*")) return false;
  // For schemes without a fixed shape ("myapp:/cb" vs "myapp:///cb") the presence of an
  // authority is part of the URI; special schemes always have one once parsed.
  if (!SPECIAL.has(scheme) && p.authority !== /^[^:]+:\/\//.test(raw)) return false;
  const userinfo = url.username || url.password ? url.username + (url.password ? `:${url.password}` : "") : null;
  if ((p.userinfo === null) !== (userinfo === null)) return false;
  if (p.userinfo !== null && !glob(p.userinfo, userinfo!, "[^@/?#]*")) return false;
  if (!glob(p.host.toLowerCase(), url.hostname, "[^/?#@]*")) return false;
  // RFC 8252 §7.3: for loopback the port is chosen at run time, registered with one or not.
  if (!ignorePort && !glob(p.port, url.port, "[0-9]*")) return false;
  const patternPath = p.path === "" && SPECIAL.has(scheme) ? "/" : p.path;
  if (!pathGlob(patternPath, url.pathname)) return false;
  return queryMatches(p.query, url.search);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}

/** `*` in `pattern` matches `star` (a regex fragment); everything else is literal. */
function glob(pattern: string, value: string, star: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = pattern.split("*").map(escapeRegex).join(star);
  return new RegExp(`^${re}$`).test(value);
}

/** Path globs: `**` crosses segments, `*` stays within one. */
function pathGlob(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const re = pattern
    .split("**")
    .map((part) => part.split("*").map(escapeRegex).join("[^/]*"))
    .join(".*");
  return new RegExp(`^${re}$`).test(value);
}

/** Same parameter names, same number of values each, values compared in order as globs. */
function queryMatches(patternQuery: string | null, search: string): boolean {
  const want = groupQuery(patternQuery ?? "");
  const got = groupQuery(search.startsWith("?") ? search.slice(1) : search);
  if (!want || !got || want.size !== got.size) return false;
  for (const [name, values] of want) {
    const actual = got.get(name);
    if (!actual || actual.length !== values.length) return false;
    if (!values.every((v, i) => glob(v, actual[i], ".*"))) return false;
  }
  return true;
}

function groupQuery(query: string): Map<string, string[]> | null {
  const out = new Map<string, string[]>();
  if (query === "") return out;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(query);
  } catch {
    return null;
  }
  for (const [k, v] of params) out.set(k, [...(out.get(k) ?? []), v]);
  return out;
}

/**
 * Checks a registered callback URL pattern at save time: a scheme, a parseable shape once the
 * wildcards are filled in, and never a scheme that executes content in the browser. `*` alone
 * is allowed (Pocket ID: "any URL"; admins opt into it knowingly).
 */
export function checkCallbackUrlPattern(value: string): string | null {
  if (value === "*") return null;
  const parts = splitPattern(value);
  if (!parts) return "must be an absolute URL with a scheme";
  if (FORBIDDEN_SCHEMES.has(parts.scheme)) return `the ${parts.scheme}: scheme is not allowed`;
  if (value.includes("#")) return "must not contain a fragment (RFC 6749 §3.1.2)";
  // Fill each wildcard with a character valid where it stands, then let the URL parser judge.
  const filled =
    parts.scheme.replace(/\*/g, "x") +
    ":" +
    (parts.authority
      ? "//" + (parts.userinfo !== null ? parts.userinfo.replace(/\*/g, "x") + "@" : "") + parts.host.replace(/\*/g, "x") + (parts.port ? ":" + parts.port.replace(/\*/g, "1") : "")
      : "") +
    parts.path.replace(/\*/g, "x") +
    (parts.query !== null ? "?" + parts.query : "");
  try {
    new URL(filled);
  } catch {
    return "must be an absolute URL with a scheme";
  }
  if (parts.authority && SPECIAL.has(parts.scheme) && !parts.host) return "must be an absolute URL with a scheme";
  return null;
}

/**
 * With ALLOW_INSECURE_CALLBACK_URLS=false: plain http is only acceptable to a loopback address
 * (RFC 8252 §7.3); https and private-use schemes (native apps) are always fine. Works on patterns
 * too: a wildcard scheme (which could be http) or `*` counts as insecure.
 */
export function isSecureRedirectUri(uri: string): boolean {
  if (uri === "*") return false;
  const parts = splitPattern(uri);
  if (!parts) return false;
  if (parts.scheme.includes("*")) return false;
  if (parts.scheme !== "http") return true;
  const url = parseRequested(uri);
  return !!url && !parts.host.includes("*") && isLoopbackHost(url.hostname);
}

/** localhost and loopback IPs (127.0.0.0/8, ::1), as the WHATWG parser spells hostnames. */
export function isLoopbackHost(host: string): boolean {
  return host === "localhost" || host === "[::1]" || /^127(\.\d{1,3}){3}$/.test(host);
}
