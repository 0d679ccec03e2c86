/**
 * A retry budget after Linkerd's (and Finagle's `RetryBudget`): over a sliding window of
 * `ttlMs`, retries may add at most `percent`% of the requests seen plus
 * `minRetriesPerSecond` × ttl seconds. The window is kept as a ring of slots so a
 * deposit or a withdrawal costs O(1) and the budget forgets old traffic smoothly.
 */
export type RetryBudgetSpec = { percent: number; minRetriesPerSecond: number; ttlMs: number };

const slotCount = 10;

export class RetryBudget {
  private readonly requests = new Float64Array(slotCount);
  private readonly retries = new Float64Array(slotCount);
  private readonly slotMs: number;
  private slotStartMs: number;
  private current = 0;

  constructor(
    readonly spec: RetryBudgetSpec,
    nowMs: number,
  ) {
    this.slotMs = Math.max(1, spec.ttlMs / slotCount);
    this.slotStartMs = nowMs;
  }

  /** Counts one original request (not a retry). */
  deposit(nowMs: number): void {
    this.advance(nowMs);
    this.requests[this.current]!++;
  }

  /** Takes one retry from the budget; false when the budget is spent. */
  withdraw(nowMs: number): boolean {
    this.advance(nowMs);
    let requests = 0;
    let retries = 0;
    for (let i = 0; i < slotCount; i++) {
      requests += this.requests[i]!;
      retries += this.retries[i]!;
    }
    const allowed =
      (requests * this.spec.percent) / 100 + (this.spec.minRetriesPerSecond * this.spec.ttlMs) / 1000;
    if (retries + 1 > allowed) return false;
    this.retries[this.current]!++;
    return true;
  }

  private advance(nowMs: number): void {
    const steps = Math.floor((nowMs - this.slotStartMs) / this.slotMs);
    if (steps <= 0) return;
    for (let i = 0; i < Math.min(steps, slotCount); i++) {
      this.current = (this.current + 1) % slotCount;
      this.requests[this.current] = 0;
      this.retries[this.current] = 0;
    }
    this.slotStartMs += steps * this.slotMs;
  }
}

/**
 * Exponential backoff with jitter above a floor: the n-th retry (n ≥ 1) waits a uniformly
 * random time in [base, min(max, base × 2^(n-1))]. The jitter spreads retries of many
 * clients so they do not arrive in lockstep at a recovering backend; the floor is the
 * least wait Gateway API's `retry.backoff` promises (GEP-1731).
 */
export function backoffMs(retry: number, baseMs: number, maxMs: number, random = Math.random()): number {
  const ceiling = Math.max(baseMs, Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1)));
  return Math.floor(baseMs + random * (ceiling - baseMs));
}
