/**
 * A token bucket (RateLimit): `burst` tokens at most, refilled continuously at
 * `requests` per `perMs`. Time is passed in, so the arithmetic is testable without
 * clocks. Refill is computed lazily on each take: no timers per bucket.
 */
export class TokenBucket {
  private tokens: number;
  private lastMs: number;
  private readonly perTokenMs: number;

  constructor(
    readonly requests: number,
    readonly perMs: number,
    readonly burst: number,
    nowMs: number,
  ) {
    this.tokens = burst;
    this.lastMs = nowMs;
    this.perTokenMs = perMs / requests;
  }

  /** Takes one token; on refusal returns the ms until one will be there. */
  take(nowMs: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.refill(nowMs);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil((1 - this.tokens) * this.perTokenMs) };
  }

  available(nowMs: number): number {
    this.refill(nowMs);
    return this.tokens;
  }

  private refill(nowMs: number): void {
    const elapsed = nowMs - this.lastMs;
    if (elapsed <= 0) return;
    this.tokens = Math.min(this.burst, this.tokens + elapsed / this.perTokenMs);
    this.lastMs = nowMs;
  }
}

/**
 * One bucket per client identity, bounded: when `maxKeys` is reached the least
 * recently used key is evicted (a Map iterates in insertion order, and a hit is
 * re-inserted). An evicted client starts again with a full bucket — the bound trades
 * a little leniency for memory that cannot grow with the number of callers.
 */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly make: (nowMs: number) => TokenBucket,
    private readonly maxKeys = 10_000,
  ) {}

  get(key: string, nowMs: number): TokenBucket {
    let b = this.buckets.get(key);
    if (b) {
      this.buckets.delete(key);
      this.buckets.set(key, b);
      return b;
    }
    if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next().value as string;
      this.buckets.delete(oldest);
    }
    b = this.make(nowMs);
    this.buckets.set(key, b);
    return b;
  }

  get size(): number {
    return this.buckets.size;
  }
}
