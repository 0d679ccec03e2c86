/**
 * Capped exponential backoff with full jitter (AWS architecture blog, "Exponential
 * Backoff And Jitter"): the delay is uniform in [0, min(cap, base·2^attempt)], which
 * spreads a thundering herd of connectors after a control-plane restart.
 */
export function backoffDelayMs(
  attempt: number,
  opts: { baseMs: number; capMs: number },
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
