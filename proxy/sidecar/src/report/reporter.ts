import type { ProxyMessage__Input, ProxyStatus__Input } from "@trellis/protocol/tunnel";
import type { EdgeTable } from "../metrics/edges.ts";
import { proxyStatus, type StatusInput, takeMetricBatch } from "./reports.ts";

/**
 * The proxy's reports to its connector: its status (identity, versions, health, cert
 * expiry, last NACK) and the per-edge metric batch of the window, every
 * `intervalMs`, and at once when something the connector must know changed
 * (a new stream, a drain).
 */
export class Reporter {
  private timer: NodeJS.Timeout | undefined;
  private windowStartMs = Date.now();
  private lastHealth = "";

  constructor(
    private readonly deps: {
      self: { service: string; namespace: string };
      intervalMs: number;
      edges: EdgeTable;
      status: () => StatusInput;
      send: (msg: ProxyMessage__Input) => boolean;
    },
  ) {}

  status(): ProxyStatus__Input {
    return proxyStatus(this.deps.status());
  }

  start(): void {
    this.timer = setInterval(() => this.report(), this.deps.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Status only (on connect, on a health change). */
  sendStatus(): void {
    const status = this.status();
    this.lastHealth = status.health as string;
    this.deps.send({ status });
  }

  /**
   * Sends the status at once when the health changed: the connector takes a proxy's
   * endpoints out of (and back into) every client's set on it, so waiting for the
   * next periodic report would keep a ready endpoint out for seconds.
   */
  healthMaybeChanged(): void {
    if (this.deps.status().health !== this.lastHealth) this.sendStatus();
  }

  /** Status plus the metric batch of the window since the last report. */
  report(): void {
    this.sendStatus();
    const now = Date.now();
    const batch = takeMetricBatch(this.deps.edges, this.deps.self, this.windowStartMs, now);
    this.windowStartMs = now;
    if (batch) this.deps.send({ metrics: batch });
  }
}
