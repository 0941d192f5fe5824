// Throughput and latency of public endpoints of a running server (no auth needed):
//   node bench/endpoints.mjs [baseUrl] [requests] [concurrency]
// e.g. against the standalone build: (cd .next/standalone && PORT=14800 node server.mjs) &
//      node bench/endpoints.mjs http://127.0.0.1:14800 3000 16
// The load generator shares the machine with the server: compare runs on the same machine only.
const base = process.argv[2] ?? "http://127.0.0.1:1411";
const n = Number(process.argv[3] ?? 3000);
const conc = Number(process.argv[4] ?? 16);
const paths = ["/healthz", "/.well-known/openid-configuration", "/.well-known/jwks.json", "/login"];

async function run(path) {
  let started = 0;
  const lat = [];
  async function worker() {
    while (started < n) {
      started++;
      const t = performance.now();
      const r = await fetch(base + path, { redirect: "manual" });
      await r.arrayBuffer();
      lat.push(performance.now() - t);
    }
  }
  const t0 = performance.now();
  await Promise.all(Array.from({ length: conc }, worker));
  const seconds = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(lat.length * p))].toFixed(1);
  console.log(`${path.padEnd(36)} ${String(Math.round(lat.length / seconds)).padStart(6)} req/s   p50 ${q(0.5)} ms   p99 ${q(0.99)} ms`);
}

for (const p of paths) await run(p);
