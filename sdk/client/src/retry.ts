/** How the client retries requests that failed in a way that may succeed later. */
export interface RetryOptions {
  /** Retries after the first attempt; 0 disables retrying. Default 3. */
  maxRetries?: number;
  /** First backoff delay; each retry doubles it (with full jitter). Default 250 ms. */
  baseDelayMs?: number;
  /** Cap of one backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` the client waits for; a longer one fails at once with
   * `RateLimitedError`/`UnavailableError` carrying `retryAfterMs`. Default 60 s.
   */
  maxRetryAfterMs?: number;
}

/** The retry policy with every default filled in. */
export type RetryPolicy = Required<RetryOptions>;

/** Resolves the `retries` client option (a count or options) into a policy. */
export function retryPolicy(option: number | RetryOptions | undefined): RetryPolicy {
  const o = typeof option === "number" ? { maxRetries: option } : (option ?? {});
  return {
    maxRetries: o.maxRetries ?? 3,
    baseDelayMs: o.baseDelayMs ?? 250,
    maxDelayMs: o.maxDelayMs ?? 8_000,
    maxRetryAfterMs: o.maxRetryAfterMs ?? 60_000,
  };
}

/** `Retry-After` as delay-seconds or an HTTP date (RFC 9110 §10.2.3), in ms from `nowMs`. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Exponential backoff with full jitter (AWS architecture blog): `random(0, min(cap, base·2^n))`. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(random() * ceiling);
}

/** Statuses that mean "not processed, try again": rate limited or temporarily unavailable. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * Whether a request may be replayed after a network error, when the server may or may not
 * have processed it: safe and idempotent methods, and creates carrying an Idempotency-Key.
 */
export function isReplayable(method: string, hasIdempotencyKey: boolean): boolean {
  return hasIdempotencyKey || ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].includes(method);
}

/** Waits `ms`, or rejects early when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
