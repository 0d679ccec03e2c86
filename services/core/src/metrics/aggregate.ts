import { addBuckets, emptyBuckets, type GoldenStats, goldenStats } from "./histogram.ts";
import type { RollupRow } from "./load-rollups.ts";
import type { WindowRange } from "./window.ts";

/** Counts merged across rollup rows: histograms added bucket by bucket, never percentiles. */
export interface Counts {
  requests: number;
  successes: number;
  buckets: number[];
  denied: Record<string, number>;
}

export const emptyCounts = (): Counts => ({ requests: 0, successes: 0, buckets: emptyBuckets(), denied: {} });

export function addRow(into: Counts, row: RollupRow): Counts {
  into.requests += row.requests;
  into.successes += row.successes;
  addBuckets(into.buckets, row.latencyBuckets);
  for (const [reason, n] of Object.entries(row.denied)) into.denied[reason] = (into.denied[reason] ?? 0) + n;
  return into;
}

export interface SeriesPoint extends GoldenStats {
  start: string;
  /** The bucket in progress: its rps is over the part that has elapsed. */
  partial: boolean;
}

/**
 * One point per bucket of the window (empty buckets included), plus window totals whose rps
 * is over `observedSeconds`. The last bucket is the one in progress at `nowMs`: marked
 * partial, its rate over its elapsed seconds rather than a full bucket. Pure.
 */
export function seriesOf(
  rows: RollupRow[],
  range: WindowRange,
  nowMs: number,
  observedSeconds: number,
): { series: SeriesPoint[]; totals: GoldenStats } {
  const stepMs = range.resolutionSeconds * 1000;
  const perBucket = new Map<number, Counts>();
  const total = emptyCounts();
  for (const row of rows) {
    let c = perBucket.get(row.bucketStartMs);
    if (!c) {
      c = emptyCounts();
      perBucket.set(row.bucketStartMs, c);
    }
    addRow(c, row);
    addRow(total, row);
  }
  const series: SeriesPoint[] = [];
  for (let t = range.startMs; t < range.endMs; t += stepMs) {
    const partial = nowMs < t + stepMs;
    const seconds = partial ? Math.max(1, (nowMs - t) / 1000) : range.resolutionSeconds;
    const stats = goldenStats(perBucket.get(t) ?? emptyCounts(), seconds);
    series.push({ start: new Date(t).toISOString(), partial, ...stats });
  }
  return { series, totals: goldenStats(total, observedSeconds) };
}
