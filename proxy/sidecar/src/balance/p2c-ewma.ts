import type { Endpoint as SnapshotEndpoint } from "../routing/types.ts";
import { type Balancer, EndpointHandle, pickAvoiding, reconcileHandles, usable } from "./balancer.ts";

/**
 * Power of two choices over peak-EWMA latency, after Linkerd's balancer
 * (linkerd2-proxy `PeakEwma`): pick two endpoints at random, send to the one with the
 * lower `ewma * (pending + 1)`. Peak: a slower sample replaces the estimate at once,
 * faster samples decay it with time constant `decayMs` — so a slow endpoint is avoided
 * immediately and recovers gradually.
 */
export type PeakEwmaOptions = {
  /** Estimate for an endpoint never measured (Linkerd: 30 ms). */
  defaultRttMs?: number;
  /** Decay time constant (Linkerd: 10 s). */
  decayMs?: number;
  now?: () => number;
  random?: () => number;
};

export class PeakEwmaBalancer implements Balancer {
  private list: EndpointHandle[] = [];
  private readonly defaultRttMs: number;
  private readonly decayMs: number;
  private readonly now: () => number;
  private readonly random: () => number;

  constructor(endpoints: readonly SnapshotEndpoint[], options: PeakEwmaOptions = {}) {
    this.defaultRttMs = options.defaultRttMs ?? 30;
    this.decayMs = options.decayMs ?? 10_000;
    this.now = options.now ?? performanceNow;
    this.random = options.random ?? Math.random;
    this.setEndpoints(endpoints);
  }

  get size(): number {
    return this.handles.length;
  }

  get handles(): readonly EndpointHandle[] {
    return this.list;
  }

  setEndpoints(endpoints: readonly SnapshotEndpoint[]): void {
    const now = this.now();
    this.list = reconcileHandles(this.list, endpoints, (e) => new EndpointHandle(e, this.defaultRttMs, now));
  }

  pick(): EndpointHandle | undefined {
    const h = this.list;
    const n = h.length;
    if (n <= 1) return h[0];
    const i = Math.floor(this.random() * n);
    let j = Math.floor(this.random() * (n - 1));
    if (j >= i) j++;
    const a = h[i]!;
    const b = h[j]!;
    // Ejected (outlier detection), draining and gone endpoints are skipped; the check
    // is two compares each when all are usable.
    const now = this.now();
    const aOk = usable(a, now);
    const bOk = usable(b, now);
    if (!aOk || !bOk) {
      if (aOk) return a;
      if (bOk) return b;
      for (const x of h) if (usable(x, now)) return x;
      // Everything is out: use them anyway rather than fail (Envoy's panic mode).
    }
    return this.cost(a) <= this.cost(b) ? a : b;
  }

  pickOther(avoid: readonly EndpointHandle[]): EndpointHandle | undefined {
    return pickAvoiding(this.list, avoid, (x) => this.cost(x), this.now(), this.random);
  }

  /** Records one response latency (time to response headers) for `handle`. */
  observe(handle: EndpointHandle, rttMs: number): void {
    const now = this.now();
    handle.ewmaMs = this.decayed(handle, now, rttMs);
    handle.lastUpdateMs = now;
  }

  cost(handle: EndpointHandle): number {
    return this.decayed(handle, this.now(), 0) * (handle.pending + 1);
  }

  private decayed(handle: EndpointHandle, now: number, sample: number): number {
    if (sample > handle.ewmaMs) return sample;
    const elapsed = Math.max(0, now - handle.lastUpdateMs);
    const w = Math.exp(-elapsed / this.decayMs);
    return handle.ewmaMs * w + sample * (1 - w);
  }
}

function performanceNow(): number {
  return performance.now();
}
