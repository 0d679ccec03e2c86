import type { Context } from "../context.ts";
import { recordAcks } from "./record-answer.ts";

/**
 * Coalesces ACKs from many streams into one database statement: after a push to a
 * thousand connectors, a thousand single-row UPDATEs would queue on the pool for seconds.
 * Each `add` resolves once its batch is written, so a session's queue stays ordered.
 */
export class AckBatcher {
  private batch: { clusterId: string; version: number }[] = [];
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: (acks: { clusterId: string; version: number }[]) => Promise<void>,
    private readonly delayMs = 10,
    private readonly maxBatch = 1000,
  ) {}

  add(clusterId: string, version: number): Promise<void> {
    this.batch.push({ clusterId, version });
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.batch.length >= this.maxBatch) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    return done;
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.batch;
    const waiters = this.waiters;
    this.batch = [];
    this.waiters = [];
    this.write(batch).then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (err: unknown) => {
        for (const w of waiters) w.reject(err);
      },
    );
  }
}

/** ACKs of `ctx`'s connectors, written in batches by `recordAcks`. */
export function batchedAckRecorder(ctx: Context): AckBatcher {
  return new AckBatcher((batch) => recordAcks(ctx, batch));
}
