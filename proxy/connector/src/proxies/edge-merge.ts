import type { EdgeStats, EdgeStats__Input } from "@trellis/protocol/tunnel";

/** Edges are keyed by where the traffic went from and to, and by route. */
export function edgeKey(e: EdgeStats__Input): string {
  return JSON.stringify([
    e.sourceNamespace ?? "",
    e.sourceService ?? "",
    e.destinationNamespace ?? "",
    e.destinationService ?? "",
    e.route ?? "",
  ]);
}

const n = (v: unknown): number => (v === undefined || v === null ? 0 : Number(v));

function emptyEdge(e: EdgeStats__Input): EdgeStats {
  return {
    sourceService: e.sourceService ?? "",
    sourceNamespace: e.sourceNamespace ?? "",
    destinationService: e.destinationService ?? "",
    destinationNamespace: e.destinationNamespace ?? "",
    route: e.route ?? "",
    requests: 0,
    successes: 0,
    latencyBuckets: [],
    denied: {},
    retries: 0,
  };
}

/**
 * Adds `edge` into `into` (same key). Counts and histogram buckets are summed, bucket by
 * bucket: histograms with the same bounds merge exactly, whereas averaging percentiles
 * would not (issue 7).
 */
export function addEdge(into: EdgeStats, edge: EdgeStats__Input): void {
  into.requests += n(edge.requests);
  into.successes += n(edge.successes);
  into.retries += n(edge.retries);
  const buckets = edge.latencyBuckets ?? [];
  for (let i = 0; i < buckets.length; i++)
    into.latencyBuckets[i] = (into.latencyBuckets[i] ?? 0) + n(buckets[i]);
  for (const [reason, count] of Object.entries(edge.denied ?? {})) {
    into.denied[reason] = (into.denied[reason] ?? 0) + n(count);
  }
}

/** Accumulates edges from many proxies over one window. */
export class EdgeAccumulator {
  private edges = new Map<string, EdgeStats>();

  add(edges: readonly EdgeStats__Input[]): void {
    for (const edge of edges) {
      const key = edgeKey(edge);
      let into = this.edges.get(key);
      if (!into) {
        into = emptyEdge(edge);
        this.edges.set(key, into);
      }
      addEdge(into, edge);
    }
  }

  get size(): number {
    return this.edges.size;
  }

  /** Returns the merged edges and starts a new window. */
  drain(): EdgeStats[] {
    const out = [...this.edges.values()];
    this.edges = new Map();
    return out;
  }
}
