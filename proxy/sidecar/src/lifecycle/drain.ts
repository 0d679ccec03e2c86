import type { Server } from "node:net";
import type { Logger } from "@trellis/proxy-core/logger";
import type { Exchange, ExchangeObserver } from "../proxy/exchange.ts";
import type { Frontends } from "../proxy/frontends.ts";

export type DrainSteps = {
  /** The listeners that stop accepting when the drain starts. */
  listeners: () => (Server | undefined)[];
  frontends: () => readonly Frontends[];
  /** Draining has begun (say so to the connector, fail readiness). */
  started(): void;
  /** In-flight work is done or the deadline passed: the last report. */
  idle(): void;
  /** Everything else to stop once connections are closed (timers, streams, pools, admin). */
  release(): Promise<void>;
};

/**
 * The proxy's end: counts exchanges in flight (it is the observer every exchange
 * reports to) and runs the graceful drain once — stop accepting, let HTTP/1.1
 * connections close after their current request and HTTP/2 sessions GOAWAY, wait for
 * the requests in flight up to the deadline, then close whatever is left.
 */
export class Drain implements ExchangeObserver {
  private count = 0;
  private onIdle: (() => void) | undefined;
  private running: Promise<void> | undefined;
  private resolveStopped: () => void = () => {};
  readonly stopped = new Promise<void>((r) => {
    this.resolveStopped = r;
  });
  draining = false;

  constructor(
    private readonly deps: {
      log: Logger;
      deadlineMs: number;
      steps: DrainSteps;
      /** Live taps see each finished exchange. */
      tap?: {
        readonly active: boolean;
        record(ex: Exchange, dstService: string, dstNamespace: string): void;
      };
    },
  ) {}

  get inFlight(): number {
    return this.count;
  }

  started(_ex: Exchange): void {
    this.count++;
  }

  finished(ex: Exchange): void {
    this.count--;
    const tap = this.deps.tap;
    if (tap?.active) tap.record(ex, ex.edge.labels.dst_service, ex.edge.labels.dst_namespace);
    if (this.count === 0) this.onIdle?.();
  }

  /** Starts the drain (once); resolves when the proxy has stopped. */
  run(): Promise<void> {
    this.running ??= this.sequence();
    return this.running;
  }

  private async sequence(): Promise<void> {
    const { log, deadlineMs, steps } = this.deps;
    this.draining = true;
    log.info("draining", { inFlight: this.count, deadlineMs });
    steps.started();
    // `close` resolves only once every connection is gone, so it is not awaited here:
    // the drain below is what ends them.
    const listenersClosed = Promise.all(steps.listeners().map(closeServer));
    for (const f of steps.frontends()) f.drain();
    await this.idle(deadlineMs);
    steps.idle();
    for (const f of steps.frontends()) f.destroyAll();
    await listenersClosed;
    await steps.release();
    log.info("drained", { inFlight: this.count });
    this.resolveStopped();
  }

  private idle(deadlineMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, deadlineMs);
      const tick = setInterval(() => {
        for (const f of this.deps.steps.frontends()) f.closeIdle();
      }, 100);
      const self = this;
      function done() {
        clearTimeout(timer);
        clearInterval(tick);
        self.onIdle = undefined;
        resolve();
      }
      if (this.count === 0) done();
      else this.onIdle = done;
    });
  }
}

export function closeServer(
  server: { close(cb: () => void): unknown; listening: boolean } | undefined,
): Promise<void> {
  return new Promise((resolve) => {
    if (!server?.listening) return resolve();
    server.close(() => resolve());
  });
}
