import { env, type TrustProxy } from "../config/env";
import type { RequestMeta } from "../db/audit";

/**
 * The client's IP. server.mjs sets x-pocketid-client-ip from the socket on every request
 * (overwriting anything a client sent). Behind trusted proxies (TRUST_PROXY), X-Forwarded-For is
 * walked from the right, skipping trusted hops.
 */
export function clientIp(headers: Headers, trust: TrustProxy = env().trustProxy): string | null {
  const socketIp = headers.get("x-pocketid-client-ip")?.trim() || null;
  if (trust.mode === "none") return socketIp;
  const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (socketIp) chain.push(socketIp);
  if (trust.mode === "all") return chain[0] ?? null;
  for (let i = chain.length - 1; i >= 0; i--) {
    if (!isTrusted(chain[i], trust.entries)) return chain[i];
  }
  return chain[0] ?? null;
}

function normalize(ip: string): string {
  return ip.replace(/^::ffff:/i, "");
}

function ipv4ToInt(ip: string): number | null {
  const parts = ip.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!/^\d{1,3}$/.test(p) || v > 255) return null;
    n = n * 256 + v;
  }
  return n;
}

/** IPv4 CIDRs and exact addresses (IPv6 entries match exactly). */
export function isTrusted(ip: string, entries: string[]): boolean {
  const addr = normalize(ip);
  for (const entry of entries) {
    const [base, bitsRaw] = entry.split("/");
    if (bitsRaw === undefined) {
      if (normalize(base).toLowerCase() === addr.toLowerCase()) return true;
      continue;
    }
    const a = ipv4ToInt(addr);
    const b = ipv4ToInt(normalize(base));
    const bits = Number(bitsRaw);
    if (a === null || b === null || bits > 32) continue;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    if (((a & mask) >>> 0) === ((b & mask) >>> 0)) return true;
  }
  return false;
}

export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientIp(headers), userAgent: headers.get("user-agent") ?? "" };
}
