/**
 * Polls `fn` until it returns a truthy value (or stops throwing), failing after `timeoutMs`.
 * `what` names the awaited event; a function is called when the wait gives up, so the
 * message can carry the state at that moment (logs, progress).
 */
export async function waitFor<T>(
  fn: () => T | Promise<T>,
  {
    timeoutMs = 10_000,
    intervalMs = 100,
    what = "condition",
  }: { timeoutMs?: number; intervalMs?: number; what?: string | (() => string) } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value as NonNullable<T>;
      last = undefined;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const name = typeof what === "function" ? what() : what;
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${name}${last ? `: ${String(last)}` : ""}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
