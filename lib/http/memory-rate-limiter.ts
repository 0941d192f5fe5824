/**
 * A per-key token bucket (GCRA) kept in this process's memory. For the general `api` policy only
 * (inventory §1.2: 100/s, burst 300 per IP): it guards volume, not secrets, so each replica
 * counting on its own is good enough and costs no database round trip. Low-entropy policies
 * (sign-in, setup, codes) stay in the database (lib/auth/rate-limit.ts), shared by all replicas.
 *
 * Memory is bounded: a bucket whose theoretical arrival time has passed is full again, which is
 * the same as having no bucket, so idle buckets are dropped on a sweep; and when more than
 * `maxKeys` are busy at once (a spray of source addresses), the oldest are dropped first.
 */
export class MemoryRateLimiter {
  private readonly buckets = new Map<string, number>();
  private readonly intervalMs: number;
  private readonly toleranceMs: number;
  private nextSweep = 0;

  constructor(
    perSecond: number,
    burst: number,
    private readonly maxKeys = 100_000,
  ) {
    this.intervalMs = 1000 / perSecond;
    this.toleranceMs = this.intervalMs * burst;
  }

  /** Takes one token for `key`; returns 0 when allowed, else the whole seconds to wait. */
  take(key: string, now = Date.now()): number {
    if (now >= this.nextSweep || this.buckets.size >= this.maxKeys) this.sweep(now);
    const tat = Math.max(this.buckets.get(key) ?? now, now) + this.intervalMs;
    if (tat - now > this.toleranceMs) {
      return Math.max(1, Math.ceil((tat - now - this.toleranceMs) / 1000));
    }
    // Re-inserting keeps the map in least-recently-used order for the overflow eviction.
    this.buckets.delete(key);
    this.buckets.set(key, tat);
    return 0;
  }

  /** Busy buckets (for tests and metrics). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    for (const [key, tat] of this.buckets) if (tat <= now) this.buckets.delete(key);
    if (this.buckets.size >= this.maxKeys) {
      let excess = this.buckets.size - Math.floor(this.maxKeys * 0.9);
      for (const key of this.buckets.keys()) {
        if (excess-- <= 0) break;
        this.buckets.delete(key);
      }
    }
    // A bucket is idle at most one tolerance after its last request: sweeping that often keeps
    // the map to the addresses seen in the last few seconds.
    this.nextSweep = now + this.toleranceMs;
  }
}
