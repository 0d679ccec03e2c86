import { CaError } from "./errors.ts";

/**
 * Token buckets per key (a cluster id) for the per-cluster issuance limit (issue 4 item 4).
 * In-memory, so per control-plane replica: the effective cluster limit is at most
 * replicas × rate, which is fine for a guard against a runaway connector.
 */
export function createIssuanceRateLimiter(options: {
  ratePerSecond: number;
  burst: number;
  now?: () => number;
  /** Buckets idle longer than this are forgotten. Default 10 minutes. */
  idleMs?: number;
}) {
  const now = options.now ?? Date.now;
  const idleMs = options.idleMs ?? 600_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    /** Takes one issuance for `key`, or throws CaError rate_limited with when to retry. */
    take(key: string): void {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(
        options.burst,
        bucket.tokens + ((t - bucket.at) / 1000) * options.ratePerSecond,
      );
      bucket.at = t;
      buckets.set(key, bucket);
      if (bucket.tokens < 1) {
        const retryAfterMs = Math.ceil(((1 - bucket.tokens) / options.ratePerSecond) * 1000);
        throw new CaError(
          "rate_limited",
          `certificate issuance for ${key} is limited to ${options.ratePerSecond}/s (burst ${options.burst}); retry in ${retryAfterMs} ms`,
          { retryAfterMs },
        );
      }
      bucket.tokens -= 1;
      if (buckets.size > 10_000) {
        for (const [k, b] of buckets) if (t - b.at > idleMs) buckets.delete(k);
      }
    },
  };
}
