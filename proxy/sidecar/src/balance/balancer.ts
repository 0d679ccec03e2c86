import { newOutlierState, type OutlierState } from "../policy/outlier.ts";
import type { Endpoint as SnapshotEndpoint } from "../routing/types.ts";

/**
 * Endpoint choice for one destination service. A balancer keeps per-endpoint state
 * (latency estimate, requests in flight) across config updates: `setEndpoints` keeps
 * the state of endpoints that stay, so a new snapshot does not reset what was learnt.
 */
export interface Balancer {
  pick(): EndpointHandle | undefined;
  /** An endpoint other than those in `avoid` (see `pickAvoiding`). */
  pickOther(avoid: readonly EndpointHandle[]): EndpointHandle | undefined;
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
  /** Set while the connector says this endpoint must get no new requests ("draining", "gone"). */
  unavailable: string | undefined;

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

/** Whether new requests may go to the handle: not ejected, not draining or gone. */
export function usable(h: EndpointHandle, nowMs: number): boolean {
  return h.unavailable === undefined && h.outlier.ejectedUntilMs <= nowMs;
}

/**
 * A usable endpoint that is not in `avoid` (a retry after a failed attempt wants
 * another endpoint), the less loaded of two when there are several; undefined when
 * every other endpoint is out too.
 */
export function pickAvoiding(
  handles: readonly EndpointHandle[],
  avoid: readonly EndpointHandle[],
  cost: (h: EndpointHandle) => number,
  nowMs: number,
  random: () => number = Math.random,
): EndpointHandle | undefined {
  const candidates = handles.filter((h) => !avoid.includes(h) && usable(h, nowMs));
  if (candidates.length <= 1) return candidates[0];
  const a = candidates[Math.floor(random() * candidates.length)]!;
  const b = candidates[Math.floor(random() * candidates.length)]!;
  return cost(a) <= cost(b) ? a : b;
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
