import { latencyBucketBoundsMs } from "@trellis/protocol/tunnel";
import { describe, expect, it } from "vitest";
import { addBuckets, bucketCount, emptyBuckets, goldenStats, quantileMs } from "./histogram.ts";

/** A histogram with `count` requests in the bucket whose upper bound is `boundMs` (or overflow). */
const at = (boundMs: number | "overflow", count: number) => {
  const b = emptyBuckets();
  const i = boundMs === "overflow" ? bucketCount - 1 : latencyBucketBoundsMs.indexOf(boundMs as never);
  if (i < 0) throw new Error(`no bucket ${boundMs}`);
  b[i] = count;
  return b;
};

describe("quantileMs", () => {
  it("interpolates linearly inside the bucket the rank falls in", () => {
    const h = addBuckets(at(1, 50), at(2, 50));
    expect(quantileMs(h, 0.5)).toBe(1);
    expect(quantileMs(h, 0.95)).toBeCloseTo(1.9, 10);
    expect(quantileMs(h, 0.99)).toBeCloseTo(1.98, 10);
  });

  it("merges histograms before taking percentiles (averaging percentiles would be wrong)", () => {
    const fast = at(1, 90); // p99 alone: 0.99 ms
    const slow = at(100, 10); // p99 alone: 99.75 ms
    const merged = addBuckets(addBuckets(emptyBuckets(), fast), slow);
    expect(quantileMs(merged, 0.5)).toBeCloseTo(50 / 90, 10);
    expect(quantileMs(merged, 0.95)).toBeCloseTo(87.5, 10); // 75 + 25 · 5/10
    expect(quantileMs(merged, 0.99)).toBeCloseTo(97.5, 10); // 75 + 25 · 9/10
    const averaged = ((quantileMs(fast, 0.99) ?? 0) + (quantileMs(slow, 0.99) ?? 0)) / 2;
    expect(Math.abs(averaged - 97.5)).toBeGreaterThan(40);
  });

  it("answers the highest finite bound for ranks in the overflow bucket, and null when empty", () => {
    expect(quantileMs(at("overflow", 5), 0.5)).toBe(60000);
    expect(quantileMs(addBuckets(at(10, 99), at("overflow", 1)), 0.999)).toBe(60000);
    expect(quantileMs(emptyBuckets(), 0.5)).toBeNull();
  });

  it("folds a longer bucket array's tail into overflow and accepts string counts", () => {
    const into = emptyBuckets();
    addBuckets(into, [...new Array(bucketCount).fill("1"), "5"]);
    expect(into[bucketCount - 1]).toBe(6);
    expect(into.reduce((a, b) => a + b, 0)).toBe(bucketCount + 5);
  });
});

describe("goldenStats", () => {
  it("gives rps over the given seconds, the success rate and rounded percentiles", () => {
    const s = goldenStats(
      { requests: 600, successes: 570, buckets: addBuckets(at(5, 300), at(10, 300)) },
      60,
    );
    expect(s).toEqual({
      requests: 600,
      successes: 570,
      rps: 10,
      successRate: 0.95,
      latencyMsP50: 5,
      latencyMsP95: 9.7, // 7 + 3 · (570 − 300)/300
      latencyMsP99: 9.94, // 7 + 3 · (594 − 300)/300
      denied: {},
    });
  });

  it("has no success rate or latency without requests", () => {
    expect(goldenStats({ requests: 0, successes: 0, buckets: emptyBuckets() }, 300)).toMatchObject({
      rps: 0,
      successRate: null,
      latencyMsP50: null,
      latencyMsP99: null,
    });
  });
});
