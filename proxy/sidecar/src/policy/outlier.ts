/**
 * Outlier detection bookkeeping (CircuitBreaker.outlierDetection), after Envoy's
 * consecutive-5xx detector: an endpoint with `consecutiveFailures` failures in a row is
 * ejected for `baseEjection × (number of times ejected)`, capped at `maxEjection`,
 * unless that would put more than `maxEjectionPercent` of the endpoints (rounded down)
 * out at once. When the time is up the endpoint is back in the pool on probation: its
 * failure streak is kept one short of the threshold, so its next failure ejects it
 * again while a success clears the streak. Each `baseEjection` spent healthy forgets
 * one past ejection, so a recovered endpoint's penalty shrinks back.
 */
export type OutlierSpec = {
  consecutiveFailures: number;
  baseEjectionMs: number;
  maxEjectionMs: number;
  maxEjectionPercent: number;
};

export type OutlierState = {
  consecutiveFailures: number;
  /** Ejected while now < this. */
  ejectedUntilMs: number;
  ejections: number;
  /** Since when the endpoint has been back (for forgetting past ejections). */
  healthySinceMs: number;
};

export function newOutlierState(): OutlierState {
  return { consecutiveFailures: 0, ejectedUntilMs: 0, ejections: 0, healthySinceMs: 0 };
}

export function isEjected(s: OutlierState, nowMs: number): boolean {
  return s.ejectedUntilMs > nowMs;
}

/** How many endpoints of `total` may be ejected at once. */
export function maxEjected(total: number, percent: number): number {
  return Math.floor((total * percent) / 100);
}

/**
 * Records one outcome for an endpoint. `ejectedNow` counts the endpoints of the same
 * service that are ejected at `nowMs`. Returns true when this outcome ejected it.
 */
export function recordOutcome(
  s: OutlierState,
  ok: boolean,
  nowMs: number,
  spec: OutlierSpec,
  ejectedNow: number,
  total: number,
): boolean {
  if (ok) {
    s.consecutiveFailures = 0;
    if (s.ejections > 0 && !isEjected(s, nowMs) && nowMs - s.healthySinceMs >= spec.baseEjectionMs) {
      s.ejections--;
      s.healthySinceMs = nowMs;
    }
    return false;
  }
  // A failure of a request sent before the ejection says nothing new.
  if (isEjected(s, nowMs)) return false;
  s.consecutiveFailures++;
  if (s.consecutiveFailures < spec.consecutiveFailures) return false;
  if (ejectedNow >= maxEjected(total, spec.maxEjectionPercent)) return false;
  s.ejections++;
  const durationMs = Math.min(spec.maxEjectionMs, spec.baseEjectionMs * s.ejections);
  s.ejectedUntilMs = nowMs + durationMs;
  s.healthySinceMs = s.ejectedUntilMs;
  s.consecutiveFailures = spec.consecutiveFailures - 1; // probation once it returns
  return true;
}
