import { BlockList, isIP } from "node:net";
import { env } from "../config/env";
import type { RequestMeta } from "../db/audit";
import { geoliteLocation } from "./geolite";

export interface IpLocation {
  country: string;
  city: string;
}

// Pocket ID's labels for addresses no geo database knows (inventory §6.6): private and
// link-local ranges and LOCAL_IPV6_RANGES read "Internal Network / LAN", Tailscale's CGNAT range
// "Tailscale", loopback "localhost". Public addresses are looked up in GeoLite2 City when the
// database file is there (lib/http/geolite.ts).
export const INTERNAL_NETWORK = "Internal Network";
const LOOPBACK = ["127.0.0.0/8", "::1/128"];
const TAILSCALE = ["100.64.0.0/10", "fd7a:115c:a1e0::/48"];
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "fc00::/7", "fe80::/10"];

function blockList(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const [net, bits] = cidr.split("/");
    const type = isIP(net) === 6 ? "ipv6" : "ipv4";
    if (!isIP(net)) continue;
    try {
      list.addSubnet(net, Number(bits ?? (type === "ipv6" ? 128 : 32)), type);
    } catch {
      // A malformed LOCAL_IPV6_RANGES entry is ignored here (the outbound check reports it).
    }
  }
  return list;
}

const loopback = blockList(LOOPBACK);
const tailscale = blockList(TAILSCALE);
const privateRanges = blockList(PRIVATE);
let localV6: { key: string; list: BlockList } | null = null;

function inList(list: BlockList, ip: string): boolean {
  const v = isIP(ip);
  if (!v) return false;
  return list.check(ip, v === 6 ? "ipv6" : "ipv4");
}

/** IPv4-mapped IPv6 (`::ffff:10.0.0.1`) as IPv4, so the IPv4 ranges apply. */
function unmapped(ip: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return m ? m[1] : ip;
}

/** Where an address is: Pocket ID's internal labels, else GeoLite2 City, else null. */
export function ipLocation(raw: string | null | undefined): IpLocation | null {
  if (!raw) return null;
  const ip = unmapped(raw.trim());
  if (!isIP(ip)) return null;
  if (inList(loopback, ip)) return { country: INTERNAL_NETWORK, city: "localhost" };
  if (inList(tailscale, ip)) return { country: INTERNAL_NETWORK, city: "Tailscale" };
  if (inList(privateRanges, ip)) return { country: INTERNAL_NETWORK, city: "LAN" };
  const ranges = env().localIpv6Ranges;
  const key = ranges.join(",");
  if (ranges.length) {
    if (localV6?.key !== key) localV6 = { key, list: blockList(ranges) };
    if (inList(localV6.list, ip)) return { country: INTERNAL_NETWORK, city: "LAN" };
  }
  return geoliteLocation(ip);
}

/** A request's audit metadata with its location, looked up only when an audit row is written. */
export function withLocation(meta: { ip: string | null; userAgent: string }): RequestMeta {
  let looked = false;
  let location: IpLocation | null = null;
  return {
    ...meta,
    get location() {
      if (!looked) {
        looked = true;
        location = ipLocation(meta.ip);
      }
      return location;
    },
  };
}
