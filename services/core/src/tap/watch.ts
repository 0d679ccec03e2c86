import type { TapEndReason, TapEvent } from "@trellis/protocol/api";
import { TokenBucket } from "./rate.ts";

/**
 * The client's side of one tap: a bounded queue the SSE writer drains. Ends at most once,
 * when `maxEvents` were delivered, `maxDurationMs` passed, or the client went away; events
 * over the rate cap are dropped (counted), never queued without bound.
 */
export class TapWatch {
  private readonly queue: TapEvent[] = [];
  private waiter: (() => void) | null = null;
  private readonly bucket: TokenBucket;
  private readonly timer: NodeJS.Timeout;
  delivered = 0;
  dropped = 0;
  ended: TapEndReason | null = null;

  constructor(
    readonly tapId: string,
    readonly maxEvents: number,
    maxDurationMs: number,
    maxEventsPerSecond: number,
    private readonly onEnd: (watch: TapWatch) => void,
  ) {
    this.bucket = new TokenBucket(maxEventsPerSecond, Date.now());
    this.timer = setTimeout(() => this.end("max_duration"), maxDurationMs);
    this.timer.unref();
  }

  push(event: TapEvent): boolean {
    if (this.ended || this.delivered + this.queue.length >= this.maxEvents) return false;
    if (!this.bucket.take(Date.now())) {
      this.dropped += 1;
      return false;
    }
    this.queue.push(event);
    this.wake();
    return true;
  }

  /** The next event, or null once the tap has ended and the queue is drained. */
  async next(): Promise<TapEvent | null> {
    for (;;) {
      const e = this.queue.shift();
      if (e) {
        this.delivered += 1;
        if (this.delivered >= this.maxEvents) this.end("max_events");
        return e;
      }
      if (this.ended) return null;
      await new Promise<void>((resolve) => {
        this.waiter = resolve;
      });
    }
  }

  end(reason: TapEndReason): void {
    if (this.ended) return;
    this.ended = reason;
    clearTimeout(this.timer);
    this.wake();
    this.onEnd(this);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }
}
