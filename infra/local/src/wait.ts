/** Polls until `check` is true; rejects after the deadline naming what it waited for. */
export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}`);
}

export function waitForHttp(url: string, timeoutMs: number, what: string): Promise<void> {
  // Each probe is bounded: a port that accepts but never answers must not stall the wait.
  return waitFor(async () => (await fetch(url, { signal: AbortSignal.timeout(3000) })).ok, timeoutMs, what);
}
