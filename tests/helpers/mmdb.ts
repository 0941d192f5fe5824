// A minimal MaxMind DB (MMDB 2.0) writer for tests: no writer package is on the registry mirror,
// and the format is small (https://maxmind.github.io/MaxMind-DB/). Builds an IPv6 tree with
// 24-bit records (IPv4 networks under ::/96, where readers look IPv4 addresses up) and a data
// section of maps, strings and integers: enough for GeoLite2-City-shaped records.
import { isIP } from "node:net";

type Value = string | number | bigint | boolean | Value[] | { [k: string]: Value };

function ctrl(type: number, size: number): Buffer {
  const ext = type > 7;
  const head = (ext ? 0 : type) << 5;
  let sizeBytes: number[] = [];
  let s = size;
  if (size >= 29 && size < 285) { sizeBytes = [size - 29]; s = 29; }
  else if (size >= 285) { const v = size - 285; sizeBytes = [(v >> 8) & 0xff, v & 0xff]; s = 30; }
  return Buffer.from([head | s, ...(ext ? [type - 7] : []), ...sizeBytes]);
}

function uintBytes(v: bigint): Buffer {
  const out: number[] = [];
  while (v > 0n) { out.unshift(Number(v & 0xffn)); v >>= 8n; }
  return Buffer.from(out);
}

function encode(v: Value): Buffer {
  if (typeof v === "string") { const b = Buffer.from(v, "utf8"); return Buffer.concat([ctrl(2, b.length), b]); }
  if (typeof v === "boolean") return ctrl(14, v ? 1 : 0);
  if (typeof v === "number" || typeof v === "bigint") {
    const n = BigInt(v);
    const b = uintBytes(n);
    const type = n < 0x10000n ? 5 : n < 0x100000000n ? 6 : 9;
    return Buffer.concat([ctrl(type, b.length), b]);
  }
  if (Array.isArray(v)) return Buffer.concat([ctrl(11, v.length), ...v.map(encode)]);
  const entries = Object.entries(v);
  return Buffer.concat([ctrl(7, entries.length), ...entries.flatMap(([k, x]) => [encode(k), encode(x)])]);
}

function bitsOf(cidr: string): number[] {
  const [net, lenRaw] = cidr.split("/");
  const v = isIP(net);
  if (!v) throw new Error(`bad network ${cidr}`);
  let bytes: number[];
  if (v === 4) bytes = [...Array(12).fill(0), ...net.split(".").map(Number)];
  else {
    const [head, tail = ""] = net.split("::");
    const h = head ? head.split(":") : [];
    const t = tail ? tail.split(":") : [];
    const groups = net.includes("::") ? [...h, ...Array(8 - h.length - t.length).fill("0"), ...t] : h;
    bytes = groups.flatMap((g) => { const n = parseInt(g, 16); return [n >> 8, n & 0xff]; });
  }
  const len = Number(lenRaw) + (v === 4 ? 96 : 0);
  const bits: number[] = [];
  for (let i = 0; i < len; i++) bits.push((bytes[i >> 3] >> (7 - (i & 7))) & 1);
  return bits;
}

/** Builds an .mmdb file mapping each network (`1.2.3.0/24`, `2001:db8::/32`) to its record. */
export function buildMmdb(networks: Record<string, Value>, databaseType = "GeoLite2-City"): Buffer {
  // Nodes as [left, right]; -1 = empty, { data } = a leaf pointing into the data section.
  type Rec = number | { data: number } | null;
  const nodes: [Rec, Rec][] = [[null, null]];
  const chunks: Buffer[] = [];
  let dataLength = 0;
  for (const [cidr, record] of Object.entries(networks)) {
    const encoded = encode(record);
    const offset = dataLength;
    chunks.push(encoded);
    dataLength += encoded.length;
    const bits = bitsOf(cidr);
    let node = 0;
    bits.forEach((bit, i) => {
      if (i === bits.length - 1) { nodes[node][bit] = { data: offset }; return; }
      const next = nodes[node][bit];
      if (typeof next === "number") { node = next; return; }
      nodes.push([null, null]);
      nodes[node][bit] = nodes.length - 1;
      node = nodes.length - 1;
    });
  }
  const count = nodes.length;
  const value = (r: Rec) => (r === null ? count : typeof r === "number" ? r : count + 16 + r.data);
  const tree = Buffer.alloc(count * 6);
  nodes.forEach(([l, r], i) => {
    tree.writeUIntBE(value(l), i * 6, 3);
    tree.writeUIntBE(value(r), i * 6 + 3, 3);
  });
  const metadata = encode({
    node_count: count,
    record_size: 24,
    ip_version: 6,
    database_type: databaseType,
    languages: ["en"],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(1_700_000_000),
    description: { en: "Test database" },
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...chunks, Buffer.from([0xab, 0xcd, 0xef]), Buffer.from("MaxMind.com"), metadata]);
}

/** A GeoLite2-City-shaped record. */
export const cityRecord = (country: string, iso: string, city: string) => ({
  city: { geoname_id: 1, names: { en: city } },
  country: { geoname_id: 2, iso_code: iso, names: { en: country } },
});
