import { describe, expect, it } from "vitest";
import { KeyedBuckets, TokenBucket } from "./token-bucket.ts";

describe("token bucket", () => {
  it("allows a burst, then refills at the configured rate", () => {
    const b = new TokenBucket(10, 1000, 5, 0);
    for (let i = 0; i < 5; i++) expect(b.take(0).ok).toBe(true);
    const refused = b.take(0);
    expect(refused).toEqual({ ok: false, retryAfterMs: 100 });
    expect(b.take(99).ok).toBe(false);
    expect(b.take(200).ok).toBe(true); // 2 tokens came back by 200 ms (one was wanted at 99)
  });

  it("never holds more than burst tokens", () => {
    const b = new TokenBucket(10, 1000, 3, 0);
    expect(b.available(60_000)).toBe(3);
  });

  it("admits requests/per over a long run", () => {
    const b = new TokenBucket(50, 1000, 50, 0);
    let ok = 0;
    for (let t = 0; t < 10_000; t += 5) if (b.take(t).ok) ok++; // 200/s offered for 10 s
    expect(ok).toBeGreaterThanOrEqual(545); // 50 burst + 50/s × 10 s
    expect(ok).toBeLessThanOrEqual(551);
  });
});

describe("per-client buckets", () => {
  it("keeps one bucket per key and evicts the least recently used at the bound", () => {
    const keyed = new KeyedBuckets((now) => new TokenBucket(1, 1000, 1, now), 2);
    expect(keyed.get("a", 0).take(0).ok).toBe(true);
    expect(keyed.get("a", 0).take(0).ok).toBe(false);
    keyed.get("b", 0);
    keyed.get("a", 0); // a is now the most recent
    keyed.get("c", 0); // evicts b
    expect(keyed.size).toBe(2);
    expect(keyed.get("a", 0).take(0).ok).toBe(false); // a kept its empty bucket
  });
});
