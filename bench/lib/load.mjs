// One measurement: autocannon (programmatic) for a fixed time, with our own tally of statuses and
// latencies (autocannon's histogram rounds to whole milliseconds; ours keeps fractions).
import autocannon from "autocannon";

/** Percentile of a sorted array (nearest rank). */
export function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))];
}

/**
 * Loads one endpoint. `expect` lists the statuses that count as success (a 304 for a matching
 * If-None-Match is success; anything else, a socket error or a timeout is an error).
 * `requests` is autocannon's request list (setupRequest/onResponse for per-request tokens);
 * `amount` stops after that many responses (pre-minted codes); `duration` in seconds otherwise.
 * `warmup`: seconds of the same fixed request first, not counted (not for `requests` lists).
 * `cpu`: a function answering the server's CPU time so far in ms: the result then has the
 * server's CPU time per request over the timed part (`cpuMsPerReq`), a figure the load generator
 * sharing the machine disturbs far less than requests/s.
 */
export async function load({ url, method = "GET", headers = {}, body, requests, expect = [200], duration, connections, amount, timeoutS = 10, warmup = 0, cpu = null }) {
  // Untimed first: the JIT, route modules and connection pools warm up on the same requests.
  if (warmup > 0) await autocannon({ url, method, headers, body, connections, duration: warmup, timeout: timeoutS });
  const latencies = [];
  const statuses = {};
  let socketErrors = 0;
  const cpuBefore = cpu?.() ?? null;
  const started = performance.now();
  const instance = autocannon({
    url,
    method,
    headers,
    body,
    requests,
    connections: amount ? Math.min(connections, amount) : connections,
    duration,
    amount,
    timeout: timeoutS,
    // Count every response (ours): autocannon keeps 2xx latencies only by default.
    excludeErrorStats: false,
  });
  let last = started;
  instance.on("response", (_client, status, _bytes, ms) => {
    last = performance.now();
    latencies.push(ms);
    statuses[status] = (statuses[status] ?? 0) + 1;
  });
  instance.on("reqError", () => socketErrors++);
  // With `amount`, autocannon ignores `duration`: cap the phase anyway.
  const cap = amount ? setTimeout(() => instance.stop(), (duration + 2) * 1000) : null;
  const result = await instance;
  const cpuAfter = cpu?.() ?? null;
  if (cap) clearTimeout(cap);
  // From the start to the last response: autocannon reports only on whole-second ticks, so its
  // own duration overstates a phase that ended when its pre-minted codes ran out.
  const seconds = Math.max(0.001, (last - started) / 1000);
  void result;
  latencies.sort((a, b) => a - b);
  const total = latencies.length;
  const ok = expect.reduce((n, s) => n + (statuses[s] ?? 0), 0);
  return {
    requests: total,
    seconds,
    rps: total / seconds,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    errors: total - ok + socketErrors,
    cpuMsPerReq: cpuBefore !== null && cpuAfter !== null && total ? (cpuAfter - cpuBefore) / total : null,
    statuses,
    socketErrors,
  };
}
