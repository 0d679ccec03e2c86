import type { ServiceGraph } from "@trellis/protocol/api";
import { addRow, type Counts, emptyCounts } from "../metrics/aggregate.ts";
import { goldenStats } from "../metrics/histogram.ts";
import type { RollupRow } from "../metrics/load-rollups.ts";

/** `namespace/service`; an unknown source (traffic from outside the mesh) keeps its empty name. */
export const nodeId = (namespace: string, service: string) => `${namespace}/${service}`;

/**
 * The service graph of a window's rollups. Pure. A node's stats are what it served (all
 * edges into it); an edge's stats merge its routes. Sorted for stable output.
 */
export function buildGraph(rows: RollupRow[], seconds: number): Pick<ServiceGraph, "nodes" | "edges"> {
  const nodes = new Map<string, { namespace: string; service: string; counts: Counts }>();
  const edges = new Map<
    string,
    { source: string; destination: string; routes: Set<string>; counts: Counts }
  >();
  const node = (namespace: string, service: string) => {
    const id = nodeId(namespace, service);
    let n = nodes.get(id);
    if (!n) {
      n = { namespace, service, counts: emptyCounts() };
      nodes.set(id, n);
    }
    return { id, n };
  };
  for (const row of rows) {
    const src = node(row.sourceNamespace, row.sourceService);
    const dst = node(row.destinationNamespace, row.destinationService);
    addRow(dst.n.counts, row);
    const key = `${src.id}\u0000${dst.id}`;
    let e = edges.get(key);
    if (!e) {
      e = { source: src.id, destination: dst.id, routes: new Set(), counts: emptyCounts() };
      edges.set(key, e);
    }
    e.routes.add(row.route);
    addRow(e.counts, row);
  }
  return {
    nodes: [...nodes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, n]) => ({
        id,
        namespace: n.namespace,
        service: n.service,
        ...goldenStats(n.counts, seconds),
      })),
    edges: [...edges.values()]
      .sort((a, b) => a.source.localeCompare(b.source) || a.destination.localeCompare(b.destination))
      .map((e) => ({
        source: e.source,
        destination: e.destination,
        routes: [...e.routes].sort(),
        ...goldenStats(e.counts, seconds),
      })),
  };
}
