import { latencyBucketBoundsMs } from "@trellis/protocol/tunnel";

/**
 * Golden-metric counters for one edge (direction × client identity × destination ×
 * route), counted into preallocated arrays on the hot path and read out at scrape or
 * report time. prom-client's labelled children hash their label values on every
 * increment; one Map lookup per request here replaces several of those.
 */
export type Direction = "inbound" | "outbound";
export type EdgeLabels = {
  direction: Direction;
  client_id: string;
  dst_service: string;
  dst_namespace: string;
  route: string;
};
export type Classification = "success" | "failure";
/** Why a policy refused a request (EdgeStats.denied keys). */
export type DenyReason = "authz" | "jwt" | "rate_limit" | "fault" | "circuit_open";
/** What became of a retry the policy wanted (`retry_total{result}`). */
export type RetryResult =
  | "retried"
  | "budget_exhausted"
  | "attempts_exhausted"
  | "not_replayable"
  | "bound_exceeded";

const bucketCount = latencyBucketBoundsMs.length + 1;

/** Index of the latency bucket for `ms` (the last one is the overflow bucket). */
export function bucketIndex(ms: number): number {
  const b = latencyBucketBoundsMs;
  // Short linear scan: most requests land in the first few buckets.
  for (let i = 0; i < b.length; i++) if (ms <= b[i]!) return i;
  return b.length;
}

export class EdgeCounters {
  requests = 0;
  /** `status_code|classification` → count. */
  readonly responses = new Map<string, number>();
  readonly latencyBuckets = new Float64Array(bucketCount);
  latencySumMs = 0;
  latencyCount = 0;
  /** The current report window (reset by `takeWindow`). */
  windowRequests = 0;
  windowSuccesses = 0;
  windowBuckets = new Float64Array(bucketCount);
  /** Policy counters; rare, so plain maps created on first use. */
  denied: Map<DenyReason, number> | undefined;
  retries: Map<RetryResult, number> | undefined;
  faults: Map<string, number> | undefined;
  windowDenied: Record<string, number> | undefined;
  windowRetries = 0;

  constructor(readonly labels: EdgeLabels) {}

  /**
   * A request began. It counts in a report window when it completes (`response`), beside its
   * outcome: counted at its start, a request still in flight at a window's end would read
   * as a failure in that window (few requests, at start-up, looked "degraded").
   */
  request(): void {
    this.requests++;
  }

  /** An opaque TCP connection: no response follows, so it counts in the window it opened in. */
  connection(): void {
    this.requests++;
    this.windowRequests++;
  }

  response(statusCode: number, classification: Classification, latencyMs: number): void {
    this.windowRequests++;
    const key = `${statusCode}|${classification}`;
    this.responses.set(key, (this.responses.get(key) ?? 0) + 1);
    const i = bucketIndex(latencyMs);
    this.latencyBuckets[i]!++;
    this.windowBuckets[i]!++;
    this.latencySumMs += latencyMs;
    this.latencyCount++;
    if (classification === "success") this.windowSuccesses++;
  }

  deny(reason: DenyReason): void {
    this.denied ??= new Map();
    this.denied.set(reason, (this.denied.get(reason) ?? 0) + 1);
    this.windowDenied ??= {};
    this.windowDenied[reason] = (this.windowDenied[reason] ?? 0) + 1;
  }

  retry(result: RetryResult): void {
    this.retries ??= new Map();
    this.retries.set(result, (this.retries.get(result) ?? 0) + 1);
    if (result === "retried") this.windowRetries++;
  }

  fault(kind: "abort" | "delay"): void {
    this.faults ??= new Map();
    this.faults.set(kind, (this.faults.get(kind) ?? 0) + 1);
    if (kind === "abort") this.deny("fault");
  }

  takeWindow():
    | {
        requests: number;
        successes: number;
        buckets: number[];
        denied: Record<string, number>;
        retries: number;
      }
    | undefined {
    if (
      this.windowRequests === 0 &&
      this.windowSuccesses === 0 &&
      !this.windowDenied &&
      this.windowRetries === 0
    )
      return undefined;
    const out = {
      requests: this.windowRequests,
      successes: this.windowSuccesses,
      buckets: Array.from(this.windowBuckets),
      denied: this.windowDenied ?? {},
      retries: this.windowRetries,
    };
    this.windowRequests = 0;
    this.windowSuccesses = 0;
    this.windowDenied = undefined;
    this.windowRetries = 0;
    this.windowBuckets = new Float64Array(bucketCount);
    return out;
  }
}

export class EdgeTable {
  private readonly edges = new Map<string, EdgeCounters>();

  get(
    direction: Direction,
    clientId: string,
    service: string,
    namespace: string,
    route: string,
  ): EdgeCounters {
    const key = `${direction}\u0000${clientId}\u0000${namespace}\u0000${service}\u0000${route}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = new EdgeCounters({
        direction,
        client_id: clientId,
        dst_service: service,
        dst_namespace: namespace,
        route,
      });
      this.edges.set(key, edge);
    }
    return edge;
  }

  all(): IterableIterator<EdgeCounters> {
    return this.edges.values();
  }
}
