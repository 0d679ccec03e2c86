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

  constructor(readonly labels: EdgeLabels) {}

  request(): void {
    this.requests++;
    this.windowRequests++;
  }

  response(statusCode: number, classification: Classification, latencyMs: number): void {
    const key = `${statusCode}|${classification}`;
    this.responses.set(key, (this.responses.get(key) ?? 0) + 1);
    const i = bucketIndex(latencyMs);
    this.latencyBuckets[i]!++;
    this.windowBuckets[i]!++;
    this.latencySumMs += latencyMs;
    this.latencyCount++;
    if (classification === "success") this.windowSuccesses++;
  }

  takeWindow(): { requests: number; successes: number; buckets: number[] } | undefined {
    if (this.windowRequests === 0 && this.windowSuccesses === 0) return undefined;
    const out = {
      requests: this.windowRequests,
      successes: this.windowSuccesses,
      buckets: Array.from(this.windowBuckets),
    };
    this.windowRequests = 0;
    this.windowSuccesses = 0;
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
