/** The windows the metrics and graph endpoints answer, and the rollup resolution each reads. */
export const metricWindows = {
  "5m": { seconds: 300, resolutionSeconds: 60 },
  "1h": { seconds: 3600, resolutionSeconds: 60 },
  "24h": { seconds: 86_400, resolutionSeconds: 60 },
  "7d": { seconds: 7 * 86_400, resolutionSeconds: 3600 },
} as const;
export type MetricWindow = keyof typeof metricWindows;

export interface WindowRange {
  window: MetricWindow;
  resolutionSeconds: number;
  seconds: number;
  /** First bucket start (inclusive). */
  startMs: number;
  /** End of the current bucket (exclusive): the window includes the bucket in progress. */
  endMs: number;
}

/** Whole buckets ending with the one in progress at `nowMs`. Pure. */
export function windowRange(window: MetricWindow, nowMs: number): WindowRange {
  const { seconds, resolutionSeconds } = metricWindows[window];
  const stepMs = resolutionSeconds * 1000;
  const endMs = Math.floor(nowMs / stepMs) * stepMs + stepMs;
  return { window, resolutionSeconds, seconds, startMs: endMs - seconds * 1000, endMs };
}
