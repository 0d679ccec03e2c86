/** A token bucket: `perSecond` sustained, bursts up to `perSecond`. Time is passed in (pure). */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;

  constructor(
    private readonly perSecond: number,
    nowMs: number,
  ) {
    this.tokens = perSecond;
    this.lastMs = nowMs;
  }

  take(nowMs: number): boolean {
    this.tokens = Math.min(this.perSecond, this.tokens + ((nowMs - this.lastMs) / 1000) * this.perSecond);
    this.lastMs = nowMs;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
