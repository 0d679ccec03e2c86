import type { GoldenStats } from "@trellis/protocol/api";
import { latencyBucketBoundsMs } from "@trellis/protocol/tunnel";

/** Counts per latency bucket: one per bound of `latencyBucketBoundsMs`, then the overflow bucket. */
export type Buckets = number[];

export const bucketCount = latencyBucketBoundsMs.length + 1;

export function emptyBuckets(): Buckets {
  return new Array<number>(bucketCount).fill(0);
}

/**
 * Adds `from` into `into` bucket by bucket. Histograms merge exactly; percentiles do not —
 * which is why rollups keep buckets and compute percentiles only after merging.
 * A shorter array (an older proxy with fewer buckets) counts its extra tail as overflow.
 */
export function addBuckets(into: Buckets, from: readonly (number | string)[]): Buckets {
  const last = into.length - 1;
  for (let i = 0; i < from.length; i++) into[Math.min(i, last)]! += Number(from[i]);
  return into;
}

/**
 * The q-quantile (0 < q ≤ 1) of a bucketed histogram, interpolating linearly inside the
 * bucket the rank falls in (as Prometheus' histogram_quantile does): the first bucket spans
 * [0, bound0]; a rank in the overflow bucket answers the highest finite bound, since
 * nothing is known above it. Null for an empty histogram.
 */
export function quantileMs(
  buckets: readonly number[],
  q: number,
  bounds: readonly number[] = latencyBucketBoundsMs,
): number | null {
  let total = 0;
  for (const c of buckets) total += c;
  if (total === 0) return null;
  const rank = q * total;
  let below = 0;
  for (let i = 0; i < buckets.length; i++) {
    const count = buckets[i]!;
    if (count > 0 && below + count >= rank) {
      if (i >= bounds.length) return bounds[bounds.length - 1]!;
      const lower = i === 0 ? 0 : bounds[i - 1]!;
      const upper = bounds[i]!;
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return bounds[bounds.length - 1]!;
}

/** Requests, success rate and p50/p95/p99 of one merged set of counts over `seconds`. */
export type { GoldenStats } from "@trellis/protocol/api";

export function goldenStats(
  counts: {
    requests: number;
    successes: number;
    buckets: readonly number[];
    denied?: Record<string, number>;
  },
  seconds: number,
): GoldenStats {
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    requests: counts.requests,
    successes: counts.successes,
    rps: seconds > 0 ? Math.round((counts.requests / seconds) * 1000) / 1000 : 0,
    successRate: counts.requests > 0 ? counts.successes / counts.requests : null,
    latencyMsP50: round(quantileMs(counts.buckets, 0.5)),
    latencyMsP95: round(quantileMs(counts.buckets, 0.95)),
    latencyMsP99: round(quantileMs(counts.buckets, 0.99)),
    denied: { ...counts.denied },
  };
}
