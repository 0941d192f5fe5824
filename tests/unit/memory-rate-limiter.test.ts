// The in-memory `api` limiter (inventory §1.2): burst then 429, refill, and memory that stays
// bounded when a flood comes from many addresses.
import { describe, expect, it } from "vitest";
import { MemoryRateLimiter } from "@/lib/http/memory-rate-limiter";

describe("MemoryRateLimiter", () => {
  const t0 = 1_900_000_000_000;
  it("allows the burst, refuses the next request with a wait, and refills at the rate", () => {
    const l = new MemoryRateLimiter(100, 300);
    for (let i = 0; i < 300; i++) expect(l.take("a", t0)).toBe(0);
    expect(l.take("a", t0)).toBe(1);
    expect(l.take("b", t0)).toBe(0);
    expect(l.take("a", t0 + 10)).toBe(0);
    expect(l.take("a", t0 + 10)).toBe(1);
  });
  it("forgets idle buckets, so memory follows the last few seconds of traffic", () => {
    const l = new MemoryRateLimiter(100, 300);
    for (let i = 0; i < 5000; i++) l.take(`198.51.${i >> 8}.${i & 255}`, t0);
    expect(l.size).toBe(5000);
    // Three seconds (the burst's worth of refill) later every bucket is full again: dropped.
    l.take("203.0.113.1", t0 + 3_001);
    expect(l.size).toBe(1);
  });
  it("caps the number of buckets during a spray of addresses", () => {
    const l = new MemoryRateLimiter(100, 300, 1000);
    for (let i = 0; i < 10_000; i++) l.take(`k${i}`, t0);
    expect(l.size).toBeLessThanOrEqual(1000);
    // The newest keys survive the overflow eviction, with their counts.
    for (let i = 0; i < 299; i++) l.take("k9999", t0);
    expect(l.take("k9999", t0)).toBe(1);
  });
});
