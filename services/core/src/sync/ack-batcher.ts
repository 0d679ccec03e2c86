import { setTimeout as sleep } from "node:timers/promises";
import { isDatabaseUnavailable, isTransactionConflict } from "@trellis/db";
import type { Context } from "../context.ts";
import { recordAcks } from "./record-answer.ts";

type Ack = { clusterId: string; version: number };

export interface AckBatcherOptions {
  /** How long the first ACK of a batch waits for others. */
  delayMs?: number;
  maxBatch?: number;
  /** Waits between attempts of a batch whose write failed for a passing reason; the last repeats. */
  retryDelaysMs?: readonly number[];
  /** Told of each failed attempt that will be retried. */
  onRetry?: (err: unknown, attempt: number, acks: number) => void;
}

/** Failures worth another attempt: the database away, or a conflict that rolled back. */
const passing = (err: unknown) => isDatabaseUnavailable(err) || isTransactionConflict(err);

/**
 * Coalesces ACKs from many streams into one database statement: after a push to a
 * thousand connectors, a thousand single-row UPDATEs would queue on the pool for seconds.
 * Each `add` resolves once its batch is written, so a session's queue stays ordered.
 *
 * A write that fails because the database is away (restarting, connections cut, a
 * connect timing out on a loaded machine) is tried again until it lands: the session
 * already counts the version as held and will not push it again, so a dropped ACK write
 * would show the cluster as lagging until its connector reconnected. Writing an ACK twice
 * is harmless (the applied version only moves forward).
 */
export class AckBatcher {
  private batch: Ack[] = [];
  private waiters: { resolve: () => void; reject: (err: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly delayMs: number;
  private readonly maxBatch: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(
    private readonly write: (acks: Ack[]) => Promise<void>,
    private readonly options: AckBatcherOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 10;
    this.maxBatch = options.maxBatch ?? 1000;
    this.retryDelaysMs = options.retryDelaysMs ?? [100, 500, 1000, 2000, 5000];
  }

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
    void this.writeUntilDone(batch).then(
      () => {
        for (const w of waiters) w.resolve();
      },
      (err: unknown) => {
        for (const w of waiters) w.reject(err);
      },
    );
  }

  private async writeUntilDone(batch: Ack[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.write(batch);
      } catch (err) {
        if (!passing(err)) throw err;
        this.options.onRetry?.(err, attempt, batch.length);
        const delays = this.retryDelaysMs;
        // Unref'd: a process that is shutting down does not wait for the database to return.
        await sleep(delays[Math.min(attempt, delays.length) - 1] ?? 0, undefined, { ref: false });
      }
    }
  }
}

/** ACKs of `ctx`'s connectors, written in batches by `recordAcks`. */
export function batchedAckRecorder(ctx: Context): AckBatcher {
  return new AckBatcher((batch) => recordAcks(ctx, batch), {
    onRetry: (err, attempt, acks) =>
      ctx.logger.warn("could not record ACKs; trying again", { attempt, acks, err }),
  });
}
