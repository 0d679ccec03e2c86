import type { Server } from "node:net";
import type { Logger } from "@trellis/proxy-core/logger";
import type { Exchange, ExchangeObserver } from "../proxy/exchange.ts";
import type { Frontends } from "../proxy/frontends.ts";

/** At most this long, idle connections stay open after the drain began (see `idle`). */
const maxAnnounceMs = 1_000;

export type DrainSteps = {
  /** Closed when the drain starts: no new request comes in. */
  inbound: () => Server | undefined;
  /**
   * With an inbound side it keeps accepting until the requests that came in are
   * answered (the app may have to call out to finish them), then closes; without one
   * it closes at once.
   */
  outbound: () => Server | undefined;
  /** Every frontend (for closing idle connections and the final close). */
  frontends: () => readonly Frontends[];
  /** The inbound listener's frontend, drained at once. */
  inboundFrontends: () => readonly Frontends[];
  /**
   * The outbound listener's, drained (Connection: close, GOAWAY) only once the inbound
   * requests are answered when there is an inbound side: GOAWAY to the app's own client
   * while it still calls out to finish them would fail those calls.
   */
  outboundFrontends: () => readonly Frontends[];
  /** Draining has begun (say so to the connector, fail readiness). */
  started(): void;
  /**
   * Other processes serving the listeners (`--workers`): told to drain when the drain
   * starts; the last report waits until they have exited.
   */
  workers?(): Promise<void>;
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
  private inboundCount = 0;
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

  started(ex: Exchange): void {
    this.count++;
    if (ex.direction === "inbound") this.inboundCount++;
  }

  finished(ex: Exchange): void {
    this.count--;
    if (ex.direction === "inbound") this.inboundCount--;
    const tap = this.deps.tap;
    if (tap?.active) tap.record(ex, ex.edge.labels.dst_service, ex.edge.labels.dst_namespace);
  }

  /** Starts the drain (once); resolves when the proxy has stopped. */
  run(): Promise<void> {
    this.running ??= this.sequence();
    return this.running;
  }

  private async sequence(): Promise<void> {
    const { log, deadlineMs, steps } = this.deps;
    const deadline = performance.now() + deadlineMs;
    this.draining = true;
    log.info("draining", { inFlight: this.count, deadlineMs });
    steps.started();
    const workers = steps.workers?.();
    const inbound = steps.inbound();
    const outbound = steps.outbound();
    // `close` resolves only once every connection is gone, so it is not awaited here:
    // the drain below is what ends them.
    const closing = [closeServer(inbound)];
    for (const f of steps.inboundFrontends()) f.drain();
    if (!inbound) {
      closing.push(closeServer(outbound));
      for (const f of steps.outboundFrontends()) f.drain();
    }
    const announceMs = Math.min(maxAnnounceMs, deadlineMs / 4);
    await this.until(deadline, announceMs, () => this.inboundCount === 0);
    if (inbound) {
      closing.push(closeServer(outbound));
      for (const f of steps.outboundFrontends()) f.drain();
    }
    await this.until(deadline, announceMs, () => this.count === 0);
    await workers;
    steps.idle();
    for (const f of steps.frontends()) f.destroyAll();
    await Promise.all(closing);
    await steps.release();
    log.info("drained", { inFlight: this.count });
    this.resolveStopped();
  }

  /**
   * Resolves once `quiet()` holds and, if connections are still open, peers had
   * `announceMs` since the drain began to hear of it (so they stop sending before their
   * pooled connections close) — or at the deadline. Idle HTTP/1.1 connections close
   * once the announcement had its time.
   */
  private until(deadline: number, announceMs: number, quiet: () => boolean): Promise<void> {
    const frontends = this.deps.steps.frontends;
    const drainStart = deadline - this.deps.deadlineMs;
    return new Promise<void>((resolve) => {
      const check = () => {
        const now = performance.now();
        const announced = now - drainStart >= announceMs;
        if (announced) for (const f of frontends()) f.closeIdle();
        const open = frontends().some((f) => f.openConnections > 0);
        if (now >= deadline || (quiet() && (announced || !open))) {
          clearInterval(tick);
          resolve();
        }
      };
      const tick = setInterval(check, 25);
      check();
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
