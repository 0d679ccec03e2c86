/**
 * Capped exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): the delay is uniform in [0, min(cap, base·2^attempt)], which
 * spreads a thundering herd of clients after a server restart.
 */
export function backoffDelayMs(
  attempt: number,
  opts: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}

export type ReconnectOptions = {
  baseMs: number;
  capMs: number;
  /** A connection that lived this long was healthy: the next failure starts from `baseMs`. */
  healthyAfterMs: number;
};

/**
 * The delay schedule of a reconnecting client. Failures grow the ceiling; a connection
 * that stayed up `healthyAfterMs` resets it, while one that dies at once (a server that
 * accepts and then fails) keeps growing it, so a flapping server is not hammered.
 * Each delay is drawn when it is needed, never kept across an outage: the wait after a
 * server comes back is at most one ceiling (`capMs`), whatever happened before.
 */
export class ReconnectSchedule {
  private attempt = 0;
  private upSinceMs: number | undefined;

  constructor(
    private readonly opts: ReconnectOptions,
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** The connection is up (or answered): start timing its health. */
  connected(): void {
    this.upSinceMs ??= this.now();
  }

  /** The connection ended (or failed to open): how long to wait before the next try. */
  nextDelayMs(): number {
    const up = this.upSinceMs;
    this.upSinceMs = undefined;
    if (up !== undefined && this.now() - up >= this.opts.healthyAfterMs) this.attempt = 0;
    const delay = backoffDelayMs(this.attempt, this.opts, this.random);
    this.attempt = Math.min(this.attempt + 1, 30);
    return delay;
  }

  /** The failures since the last healthy connection. */
  get failures(): number {
    return this.attempt;
  }
}
