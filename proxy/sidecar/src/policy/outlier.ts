/**
 * Outlier detection bookkeeping (a cluster's `outlierDetection` in the snapshot: a
 * CircuitBreaker's, else the mesh's failure accrual), after Envoy's consecutive-5xx and
 * consecutive-local-origin-failure detectors: an endpoint with `consecutiveFailures`
 * failures in a row (5xx, resets, timeouts — connect failures included), or with
 * `consecutiveConnectFailures` connect failures in a row (refused, handshake failed or
 * timed out; anything else from it clears that streak), is ejected for
 * `baseEjection × (number of times ejected)`, capped at `maxEjection`, unless that would
 * put more than `maxEjectionPercent` of the endpoints (rounded down) out at once. A
 * threshold of 0 does not count. When the time is up the endpoint is back on probation: the
 * streak that ejected it is kept one short of its threshold, so its next failure ejects it
 * again while a success clears it. Each `baseEjection` spent healthy forgets one past
 * ejection, so a recovered endpoint's penalty shrinks back.
 */
export type OutlierSpec = {
  consecutiveFailures: number;
  consecutiveConnectFailures: number;
  baseEjectionMs: number;
  maxEjectionMs: number;
  maxEjectionPercent: number;
};

/** How one attempt ended, as outlier detection counts it. */
export type OutlierOutcome = "ok" | "failure" | "connect-failure";

export type OutlierState = {
  consecutiveFailures: number;
  consecutiveConnectFailures: number;
  /** Ejected while now < this. */
  ejectedUntilMs: number;
  ejections: number;
  /** Since when the endpoint has been back (for forgetting past ejections). */
  healthySinceMs: number;
};

export function newOutlierState(): OutlierState {
  return {
    consecutiveFailures: 0,
    consecutiveConnectFailures: 0,
    ejectedUntilMs: 0,
    ejections: 0,
    healthySinceMs: 0,
  };
}

export function isEjected(s: OutlierState, nowMs: number): boolean {
  return s.ejectedUntilMs > nowMs;
}

/** How many endpoints of `total` may be ejected at once. */
export function maxEjected(total: number, percent: number): number {
  return Math.floor((total * percent) / 100);
}

/** Whether this state needs no bookkeeping for a success (the common case). */
export function isClean(s: OutlierState): boolean {
  return s.consecutiveFailures === 0 && s.consecutiveConnectFailures === 0 && s.ejections === 0;
}

/**
 * Records one outcome for an endpoint. `ejectedNow` counts the endpoints of the same
 * cluster that are ejected at `nowMs`. Returns true when this outcome ejected it.
 */
export function recordOutcome(
  s: OutlierState,
  outcome: OutlierOutcome,
  nowMs: number,
  spec: OutlierSpec,
  ejectedNow: number,
  total: number,
): boolean {
  if (outcome === "ok") {
    s.consecutiveFailures = 0;
    s.consecutiveConnectFailures = 0;
    if (s.ejections > 0 && !isEjected(s, nowMs) && nowMs - s.healthySinceMs >= spec.baseEjectionMs) {
      s.ejections--;
      s.healthySinceMs = nowMs;
    }
    return false;
  }
  // A failure of a request sent before the ejection says nothing new.
  if (isEjected(s, nowMs)) return false;
  s.consecutiveFailures++;
  // It connected, whatever came after: the connect streak is over.
  if (outcome === "connect-failure") s.consecutiveConnectFailures++;
  else s.consecutiveConnectFailures = 0;
  const byFailures = spec.consecutiveFailures > 0 && s.consecutiveFailures >= spec.consecutiveFailures;
  const byConnects =
    spec.consecutiveConnectFailures > 0 && s.consecutiveConnectFailures >= spec.consecutiveConnectFailures;
  if (!byFailures && !byConnects) return false;
  if (ejectedNow >= maxEjected(total, spec.maxEjectionPercent)) return false;
  s.ejections++;
  const durationMs = Math.min(spec.maxEjectionMs, spec.baseEjectionMs * s.ejections);
  s.ejectedUntilMs = nowMs + durationMs;
  s.healthySinceMs = s.ejectedUntilMs;
  // Probation once it returns: one more failure of the kind that ejected it does it again.
  s.consecutiveFailures = byFailures ? spec.consecutiveFailures - 1 : 0;
  s.consecutiveConnectFailures = byConnects ? spec.consecutiveConnectFailures - 1 : 0;
  return true;
}
