/**
 * Polls `fn` until it returns a truthy value (or stops throwing), or fails at the
 * deadline naming what it waited for (a function: read at that moment) and the last error. For tests and start-up
 * probes: wait for the event, never sleep a fixed time.
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  {
    timeoutMs = 10_000,
    intervalMs = 25,
    what = "condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string | (() => string) } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const why = last instanceof Error ? `: ${last.message}` : last ? `: ${String(last)}` : "";
      const name = typeof what === "function" ? what() : what;
      throw new Error(`timed out after ${timeoutMs}ms waiting for ${name}${why}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
