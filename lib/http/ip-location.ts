import { isTrusted } from "./request-meta";

export interface IpLocation {
  country: string;
  city: string;
}

// Pocket ID's labels for addresses no geo database knows (inventory §6.6): private and
// link-local ranges read "Internal Network / LAN", Tailscale's CGNAT range "Tailscale", loopback
// "localhost". Public addresses would need a GeoLite2 database, which this project does not ship.
const LOOPBACK = ["127.0.0.0/8", "::1/128"];
const TAILSCALE = ["100.64.0.0/10", "fd7a:115c:a1e0::/48"];
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16", "fc00::/7", "fe80::/10"];

/** Where an address is, as far as can be said without a geo database; null for public addresses. */
export function ipLocation(ip: string | null | undefined): IpLocation | null {
  if (!ip) return null;
  if (isTrusted(ip, LOOPBACK)) return { country: "Internal Network", city: "localhost" };
  if (isTrusted(ip, TAILSCALE)) return { country: "Internal Network", city: "Tailscale" };
  if (isTrusted(ip, PRIVATE)) return { country: "Internal Network", city: "LAN" };
  return null;
}
