import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { request as httpsRequest } from "node:https";
import { BlockList, isIP } from "node:net";

/**
 * Requests the server makes on its own to addresses an admin typed in (back-channel logout URIs
 * today). Loopback and private networks stay allowed: a self-hosted provider's apps usually live
 * on the same host or LAN. What is refused is what an admin never means and an attacker who
 * controls a client's URI (or its DNS) would aim for: link-local addresses, including the cloud
 * metadata services at 169.254.169.254 / fd00:ec2::254 (RFC 9700 §4.15-style SSRF), and
 * addresses that are not hosts at all (unspecified, multicast, broadcast).
 *
 * The check runs in the socket's own DNS lookup, so the address connected to is the address
 * checked (no window for DNS rebinding between a check and the connection).
 */
const forbidden = new BlockList();
forbidden.addSubnet("0.0.0.0", 8, "ipv4");
forbidden.addSubnet("169.254.0.0", 16, "ipv4");
forbidden.addSubnet("224.0.0.0", 4, "ipv4");
forbidden.addAddress("255.255.255.255", "ipv4");
// Alibaba Cloud's metadata service sits outside the link-local range.
forbidden.addAddress("100.100.100.200", "ipv4");
forbidden.addAddress("::", "ipv6");
forbidden.addSubnet("fe80::", 10, "ipv6");
forbidden.addSubnet("ff00::", 8, "ipv6");
forbidden.addAddress("fd00:ec2::254", "ipv6");

const linkLocal = new BlockList();
linkLocal.addSubnet("169.254.0.0", 16, "ipv4");
linkLocal.addAddress("100.100.100.200", "ipv4");
linkLocal.addSubnet("fe80::", 10, "ipv6");
linkLocal.addAddress("fd00:ec2::254", "ipv6");

/**
 * Loopback, private, shared (CGNAT) and unique-local ranges: refused where the URL comes from
 * the outside world rather than from an admin (Client ID Metadata Documents, inventory §2.17).
 */
const internal = new BlockList();
internal.addSubnet("127.0.0.0", 8, "ipv4");
internal.addSubnet("10.0.0.0", 8, "ipv4");
internal.addSubnet("172.16.0.0", 12, "ipv4");
internal.addSubnet("192.168.0.0", 16, "ipv4");
internal.addSubnet("100.64.0.0", 10, "ipv4");
internal.addSubnet("198.18.0.0", 15, "ipv4");
internal.addAddress("::1", "ipv6");
internal.addSubnet("fc00::", 7, "ipv6");

export interface OutboundPolicy {
  /** Allow link-local and metadata addresses (ALLOW_LINK_LOCAL_OUTBOUND=true). Never the non-host ones. */
  allowLinkLocal: boolean;
  /** Also refuse loopback and private networks (and these extra IPv6 CIDRs, LOCAL_IPV6_RANGES). */
  blockInternal?: boolean;
  extraBlockedIpv6?: readonly string[];
}

function inCidrs(ip: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return false;
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.trim().split("/");
    if (isIP(net) === 6 && /^\d+$/.test(bits ?? "")) list.addSubnet(net, Number(bits), "ipv6");
  }
  return list.check(ip, "ipv6");
}

/** The 16 bytes of an IPv6 literal (already checked by isIP), embedded dotted quad included. */
function ipv6Bytes(ip: string): number[] {
  let text = ip.split("%")[0];
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number);
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  return groups.flatMap((g) => {
    const v = parseInt(g, 16);
    return [v >> 8, v & 0xff];
  });
}

/**
 * The IPv4 address an IPv6 address reaches through a translation the host may perform: IPv4-mapped
 * (::ffff:0:0/96), IPv4-compatible (::/96, deprecated but still routed by some stacks),
 * IPv4-translated (::ffff:0:0:0/96), NAT64 (64:ff9b::/96, 64:ff9b:1::/48 per RFC 8215) and 6to4
 * (2002::/16). `64:ff9b::a9fe:a9fe` is 169.254.169.254 behind a NAT64 gateway.
 */
function embeddedIpv4(ip: string): string | undefined {
  const b = ipv6Bytes(ip);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const quad = (at: number) => b.slice(at, at + 4).join(".");
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return quad(12);
  if (zero(0, 12) && !zero(12, 16) && !(zero(12, 15) && b[15] === 1)) return quad(12);
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return quad(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return quad(12);
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && b[4] === 0x00 && b[5] === 0x01) return quad(12);
  if (b[0] === 0x20 && b[1] === 0x02) return quad(2);
  return undefined;
}

/** Whether the server may connect to `address` (an IP literal, as DNS returns it). */
export function isAllowedOutboundAddress(address: string, policy: OutboundPolicy): boolean {
  let ip = address.replace(/^\[|\]$/g, "");
  // An IPv6 address that carries an IPv4 one (::ffff:169.254.169.254, NAT64, 6to4) is judged as that IPv4 address.
  if (isIP(ip) === 6) ip = embeddedIpv4(ip) ?? ip;
  const kind = isIP(ip);
  if (!kind) return false;
  const type = kind === 4 ? "ipv4" : "ipv6";
  if (policy.blockInternal && (internal.check(ip, type) || (type === "ipv6" && inCidrs(ip, policy.extraBlockedIpv6 ?? [])))) return false;
  if (!forbidden.check(ip, type)) return true;
  return policy.allowLinkLocal && linkLocal.check(ip, type);
}

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, "");
      const list = addresses as LookupAddress[];
      const refused = list.find((a) => !isAllowedOutboundAddress(a.address, policy));
      if (refused || list.length === 0) {
        return callback(Object.assign(new OutboundRefused(`${hostname} resolves to ${refused?.address ?? "nothing"}, which this server does not connect to`), { code: "EREFUSED" }), "");
      }
      if (options.all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  };
}

export interface FormPostResult {
  status: number;
  /** The first bytes of the answer, for the log of a failed delivery. */
  bodyStart: string;
}

/**
 * POSTs an application/x-www-form-urlencoded body and resolves with the status. Redirects are
 * never followed (a 3xx is just a status to the caller); the whole exchange, connection included,
 * is bounded by `timeoutMs`; at most 4 KiB of the answer is read.
 */
export function postForm(url: string, form: URLSearchParams, opts: OutboundPolicy & { timeoutMs: number }): Promise<FormPostResult> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new OutboundRefused("not a URL"));
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") return reject(new OutboundRefused(`${target.protocol} is not http(s)`));
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !isAllowedOutboundAddress(host, opts)) return reject(new OutboundRefused(`${host} is an address this server does not connect to`));
    const body = form.toString();
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(target, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": Buffer.byteLength(body),
        Accept: "application/json, text/plain, */*",
        "User-Agent": "pocket-id back-channel logout",
      },
      lookup: guardedLookup(opts) as never,
    });
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.on("response", (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        if (size < 4096) chunks.push(c);
        size += c.length;
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, bodyStart: Buffer.concat(chunks).toString("utf8").slice(0, 300) });
      });
      res.on("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    req.end(body);
  });
}

export interface JsonGetResult {
  /** The parsed body. */
  body: unknown;
  /** The Cache-Control header, if any. */
  cacheControl: string | null;
}

/**
 * GETs a JSON document: only a 200 with a JSON media type is accepted; redirects are refused
 * (never followed); the whole exchange is bounded by `timeoutMs` and the body by `maxBytes`.
 */
export function getJson(url: string, opts: OutboundPolicy & { timeoutMs: number; maxBytes: number; userAgent: string }): Promise<JsonGetResult> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new OutboundRefused("not a URL"));
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") return reject(new OutboundRefused(`${target.protocol} is not http(s)`));
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !isAllowedOutboundAddress(host, opts)) return reject(new OutboundRefused(`${host} is an address this server does not connect to`));
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(target, {
      method: "GET",
      headers: { Accept: "application/json", "User-Agent": opts.userAgent },
      lookup: guardedLookup(opts) as never,
    });
    const fail = (e: Error) => {
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => req.destroy(new OutboundRefused(`no answer within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    req.on("error", (e) => fail(e));
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if (status !== 200) return fail(new OutboundRefused(`answered HTTP ${status}${status >= 300 && status < 400 ? " (redirects are not followed)" : ""}`));
      const type = String(res.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
      if (type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type)) return fail(new OutboundRefused(`answered ${type || "no content type"}, not JSON`));
      const declared = Number(res.headers["content-length"]);
      if (declared > opts.maxBytes) return fail(new OutboundRefused(`the document is larger than ${opts.maxBytes} bytes`));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) return fail(new OutboundRefused(`the document is larger than ${opts.maxBytes} bytes`));
        chunks.push(c);
      });
      res.on("end", () => {
        clearTimeout(timer);
        if (size > opts.maxBytes) return;
        try {
          const cc = res.headers["cache-control"];
          resolve({ body: JSON.parse(Buffer.concat(chunks).toString("utf8")), cacheControl: cc === undefined ? null : String(cc) });
        } catch {
          reject(new OutboundRefused("the document is not valid JSON"));
        }
      });
      res.on("error", (e) => fail(e));
    });
    req.end();
  });
}

export interface BytesGetResult {
  bytes: Buffer;
  /** The Content-Type header's media type, lower case ("" when none). */
  contentType: string;
  /** The URL the bytes came from, after redirects. */
  finalUrl: string;
}

/**
 * GETs a file (logos by URL, inventory §2.18): http(s) only, every address connected to checked
 * against `opts` (in the socket's own lookup, so redirects and DNS rebinding cannot reach an
 * internal address), at most `maxRedirects` redirects (each target checked the same way), only a
 * 200 accepted, the whole exchange bounded by `timeoutMs` and the body by `maxBytes`
 * (`OutboundTooLarge` when it is longer).
 */
export async function getBytes(
  url: string,
  opts: OutboundPolicy & { timeoutMs: number; maxBytes: number; userAgent: string; maxRedirects: number; accept?: string },
): Promise<BytesGetResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let current = url;
  for (let hop = 0; ; hop++) {
    const answer = await getOnce(current, opts, deadline);
    if ("redirect" in answer) {
      if (hop >= opts.maxRedirects) throw new OutboundRefused(`more than ${opts.maxRedirects} redirects`);
      current = answer.redirect;
      continue;
    }
    return { ...answer, finalUrl: current };
  }
}

export class OutboundTooLarge extends OutboundRefused {
  constructor(maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = "OutboundTooLarge";
  }
}

function getOnce(
  url: string,
  opts: OutboundPolicy & { maxBytes: number; userAgent: string; accept?: string },
  deadline: number,
): Promise<{ redirect: string } | { bytes: Buffer; contentType: string }> {
  return new Promise((resolve, reject) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return reject(new OutboundRefused("not a URL"));
    }
    if (target.protocol !== "https:" && target.protocol !== "http:") return reject(new OutboundRefused(`${target.protocol} is not http(s)`));
    if (target.username || target.password) return reject(new OutboundRefused("URLs with credentials are not fetched"));
    const host = target.hostname.replace(/^\[|\]$/g, "");
    if (isIP(host) && !isAllowedOutboundAddress(host, opts)) return reject(new OutboundRefused(`${host} is an address this server does not connect to`));
    const remaining = deadline - Date.now();
    if (remaining <= 0) return reject(new OutboundRefused("no answer in time"));
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    const req = send(target, {
      method: "GET",
      headers: { Accept: opts.accept ?? "*/*", "User-Agent": opts.userAgent },
      lookup: guardedLookup(opts) as never,
    });
    let done = false;
    const fail = (e: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      reject(e);
    };
    const timer = setTimeout(() => fail(new OutboundRefused("no answer in time")), remaining);
    req.on("error", (e) => fail(e));
    req.on("response", (res: IncomingMessage) => {
      const status = res.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status) && res.headers.location) {
        done = true;
        clearTimeout(timer);
        res.resume();
        req.destroy();
        try {
          return resolve({ redirect: new URL(String(res.headers.location), target).toString() });
        } catch {
          return reject(new OutboundRefused("the redirect target is not a URL"));
        }
      }
      if (status !== 200) return fail(new OutboundRefused(`answered HTTP ${status}`));
      const declared = Number(res.headers["content-length"]);
      if (declared > opts.maxBytes) return fail(new OutboundTooLarge(opts.maxBytes));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > opts.maxBytes) return fail(new OutboundTooLarge(opts.maxBytes));
        chunks.push(c);
      });
      res.on("end", () => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolve({ bytes: Buffer.concat(chunks), contentType: String(res.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase() });
      });
      res.on("error", (e) => fail(e));
    });
    req.end();
  });
}
