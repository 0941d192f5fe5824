import { isIP } from "node:net";
import { env, type TrustProxy } from "../config/env";
import type { RequestMeta } from "../db/audit";
import { withLocation } from "./ip-location";

/**
 * The client's IP. server.mjs sets x-pocketid-client-ip from the socket on every request
 * (overwriting anything a client sent). X-Forwarded-For is read only as far as TRUST_PROXY says:
 * every proxy appends the address it received the request from, so only the rightmost entries
 * were written by proxies we run; everything to their left is whatever the client sent.
 * - hops N (TRUST_PROXY=true is 1): the Nth entry from the right, the one our outermost proxy
 *   appended (Express's "trust proxy = N");
 * - list: walk from the right, skipping the listed proxies; the first other address is the client.
 */
export function clientIp(headers: Headers, trust: TrustProxy = env().trustProxy): string | null {
  const socketIp = canonicalIp(headers.get("x-pocketid-client-ip")?.trim() ?? "");
  if (trust.mode === "none") return socketIp;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (socketIp) chain.push(socketIp);
  if (chain.length === 0) return null;
  let picked: string;
  if (trust.mode === "hops") {
    picked = chain[Math.max(0, chain.length - 1 - trust.hops)];
  } else {
    const i = chain.findLastIndex((entry) => !isTrusted(entry, trust.entries));
    picked = chain[i >= 0 ? i : 0];
  }
  // Only an address counts: anything else in the header (a forged "x12", a misconfigured proxy)
  // would become a free rate-limit key and a fake audit IP, so the connecting address is used.
  return canonicalIp(picked) ?? socketIp;
}

/**
 * One spelling per address, or null when `value` is not one: IPv6 lower-cased and compressed
 * (`2001:DB8:0::1` and `2001:db8::1` are the same client), IPv4-mapped IPv6 as IPv4, and the
 * `1.2.3.4:5678` / `[2001:db8::1]:443` forms some proxies write reduced to the address.
 */
export function canonicalIp(value: string): string | null {
  let ip = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed) ip = bracketed[1];
  else if (/^\d+\.\d+\.\d+\.\d+:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(":"));
  ip = normalize(ip);
  const kind = isIP(ip);
  if (kind === 4) return ip;
  if (kind !== 6) return null;
  try {
    const host = new URL(`http://[${ip.replace(/%.*$/, "")}]/`).hostname.slice(1, -1);
    const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (mapped) {
      const hi = parseInt(mapped[1], 16);
      const lo = parseInt(mapped[2], 16);
      return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
    }
    return host;
  } catch {
    return null;
  }
}

function normalize(ip: string): string {
  return ip.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
}

/**
 * The network of `ip` as text: IPv4 masked to `v4Bits` (`198.51.100.0/24`; the address itself
 * at 32), IPv6 to `v6Bits`, a multiple of 16 (`2001:db8:0:0::/64`). Null when not an address.
 */
export function ipPrefix(ip: string, v4Bits: number, v6Bits: number): string | null {
  const addr = toBigInt(normalize(ip));
  if (!addr) return null;
  if (!addr.v6) {
    const masked = (addr.value >> BigInt(32 - v4Bits)) << BigInt(32 - v4Bits);
    const text = [24n, 16n, 8n, 0n].map((s) => String((masked >> s) & 255n)).join(".");
    return v4Bits >= 32 ? text : `${text}/${v4Bits}`;
  }
  const groups = Array.from({ length: v6Bits / 16 }, (_, i) => ((addr.value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  return `${groups.join(":")}::/${v6Bits}`;
}

/** An address as a 32-bit (IPv4) or 128-bit (IPv6) integer, or null when it is not an address. */
function toBigInt(ip: string): { v6: boolean; value: bigint } | null {
  const kind = isIP(ip);
  if (kind === 4) return { v6: false, value: ip.split(".").reduce((n, p) => (n << 8n) + BigInt(Number(p)), 0n) };
  if (kind !== 6) return null;
  let text = ip.toLowerCase().replace(/%.*$/, "");
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes two hex groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = Number(toBigInt(v4[1])!.value);
    text = text.slice(0, -v4[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const [head, tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  return { v6: true, value: groups.reduce((n, g) => (n << 16n) + BigInt(parseInt(g, 16)), 0n) };
}

/** Exact addresses and CIDRs, IPv4 and IPv6 (IPv4-mapped IPv6 addresses match IPv4 entries). */
export function isTrusted(ip: string, entries: string[]): boolean {
  const addr = toBigInt(normalize(ip));
  if (!addr) return false;
  for (const entry of entries) {
    const [base, bitsRaw] = entry.split("/");
    const net = toBigInt(normalize(base));
    if (!net || net.v6 !== addr.v6) continue;
    const width = addr.v6 ? 128n : 32n;
    const bits = bitsRaw === undefined ? width : BigInt(Number(bitsRaw));
    if (bits < 0n || bits > width) continue;
    const shift = width - bits;
    if (addr.value >> shift === net.value >> shift) return true;
  }
  return false;
}

export function requestMeta(headers: Headers): RequestMeta {
  // The location (inventory §6.6) is looked up only if an audit row is written.
  return withLocation({ ip: clientIp(headers), userAgent: headers.get("user-agent") ?? "" });
}
