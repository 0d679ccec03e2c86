import type { SnapshotEndpoint } from "@trellis/protocol/snapshot";
import { newOutlierState, type OutlierState } from "../policy/outlier.ts";

/**
 * Endpoint choice for one destination service. A balancer keeps per-endpoint state
 * (latency estimate, requests in flight) across config updates: `setEndpoints` keeps
 * the state of endpoints that stay, so a new snapshot does not reset what was learnt.
 */
export interface Balancer {
  pick(): EndpointHandle | undefined;
  setEndpoints(endpoints: readonly SnapshotEndpoint[]): void;
  /** Reports the time to response headers of one request sent to `handle`. */
  observe(handle: EndpointHandle, rttMs: number): void;
  readonly size: number;
  /** Every endpoint, ejected ones included (outlier detection counts them). */
  readonly handles: readonly EndpointHandle[];
}

/** One endpoint plus the counters the balancer reads; callers report outcomes on it. */
export class EndpointHandle {
  readonly key: string;
  endpoint: SnapshotEndpoint;
  pending = 0;
  /** Peak-EWMA latency estimate in ms. */
  ewmaMs: number;
  lastUpdateMs: number;
  /** Outlier detection state; `ejectedUntilMs` (performance.now() time) keeps it out of picks. */
  readonly outlier: OutlierState = newOutlierState();

  constructor(endpoint: SnapshotEndpoint, initialMs: number, nowMs: number) {
    this.key = endpointKey(endpoint);
    this.endpoint = endpoint;
    this.ewmaMs = initialMs;
    this.lastUpdateMs = nowMs;
  }
}

export function endpointKey(e: SnapshotEndpoint): string {
  return `${e.address}:${e.port}`;
}

/** Whether the handle is ejected by outlier detection at `nowMs`. */
export function ejected(h: EndpointHandle, nowMs: number): boolean {
  return h.outlier.ejectedUntilMs > nowMs;
}

/** Rebuilds a handle list for new endpoints, reusing handles with the same key. */
export function reconcileHandles(
  previous: readonly EndpointHandle[],
  endpoints: readonly SnapshotEndpoint[],
  make: (e: SnapshotEndpoint) => EndpointHandle,
): EndpointHandle[] {
  const byKey = new Map(previous.map((h) => [h.key, h]));
  return endpoints.map((e) => {
    const old = byKey.get(endpointKey(e));
    if (!old) return make(e);
    old.endpoint = e; // identity may change for the same address
    return old;
  });
}
