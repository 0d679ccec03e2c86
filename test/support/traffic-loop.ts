/**
 * A steady stream of requests that keeps every failure with its time, so a test can assert
 * that an outage dropped none — or from when on none failed.
 */
export class TrafficLoop {
  sent = 0;
  /** `atMs`: when the failure was seen; `sentAtMs`: when that request was sent. */
  readonly failures: { atMs: number; sentAtMs: number; what: string }[] = [];
  private running = true;
  private readonly done: Promise<void>;

  /** `send` resolves with an HTTP status (200 is success) or throws. */
  constructor(send: () => Promise<number>, intervalMs = 100) {
    this.done = (async () => {
      while (this.running) {
        const started = Date.now();
        this.sent++;
        try {
          const status = await send();
          if (status !== 200)
            this.failures.push({ atMs: Date.now(), sentAtMs: started, what: `status ${status}` });
        } catch (err) {
          this.failures.push({ atMs: Date.now(), sentAtMs: started, what: (err as Error).message });
        }
        await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - started))));
      }
    })();
  }

  /**
   * Failures of requests sent at or after `sinceMs`, described. By send time: a request
   * already on its way before then may fail later (on a busy machine, seconds later).
   */
  failuresOfRequestsSentSince(sinceMs: number): string[] {
    return this.failures
      .filter((f) => f.sentAtMs >= sinceMs)
      .map(
        (f) =>
          `sent ${new Date(f.sentAtMs).toISOString()}, failed ${new Date(f.atMs).toISOString()}: ${f.what}`,
      );
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }
}
