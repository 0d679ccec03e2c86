import type { ServiceGraph, ServiceGraphEdge } from "@trellis/protocol/api";
import { addRow, type Counts, emptyCounts } from "../metrics/aggregate.ts";
import { goldenStats } from "../metrics/histogram.ts";
import type { RollupRow } from "../metrics/load-rollups.ts";
import type { RouteSplits } from "./route-splits.ts";

/** `namespace/service`; an unknown source (traffic from outside the mesh) keeps its empty name. */
export const nodeId = (namespace: string, service: string) => `${namespace}/${service}`;

interface NodeAcc {
  namespace: string;
  service: string;
  routes: Set<string>;
  counts: Counts;
}

interface EdgeAcc {
  source: string;
  destination: string;
  kind: ServiceGraphEdge["kind"];
  weightPercent: number | null;
  routes: Set<string>;
  counts: Counts;
}

/**
 * The service graph of a window's rollups, drawn as traffic flows. Pure. A row whose route
 * has a parent other than the backend the proxy picked (a canary split) becomes two edges:
 * caller → parent (`call`) and parent → backend (`split`, with the configured weight); any
 * other row is one `call` edge. A node's stats are what it served (all edges into it); an
 * edge's stats merge its routes. Rates are over `seconds`. Sorted for stable output.
 */
export function buildGraph(
  rows: RollupRow[],
  seconds: number,
  splits: RouteSplits = new Map(),
): Pick<ServiceGraph, "nodes" | "edges"> {
  const nodes = new Map<string, NodeAcc>();
  const edges = new Map<string, EdgeAcc>();
  const node = (namespace: string, service: string) => {
    const id = nodeId(namespace, service);
    let n = nodes.get(id);
    if (!n) {
      n = { namespace, service, routes: new Set(), counts: emptyCounts() };
      nodes.set(id, n);
    }
    return { id, n };
  };
  const edge = (
    source: string,
    destination: string,
    kind: EdgeAcc["kind"],
    weightPercent: number | null,
  ): EdgeAcc => {
    const key = `${kind}\u0000${source}\u0000${destination}`;
    let e = edges.get(key);
    if (!e) {
      e = { source, destination, kind, weightPercent, routes: new Set(), counts: emptyCounts() };
      edges.set(key, e);
    }
    return e;
  };
  for (const row of rows) {
    const src = node(row.sourceNamespace, row.sourceService);
    const dst = node(row.destinationNamespace, row.destinationService);
    addRow(dst.n.counts, row);
    const routeName = row.route.split("/")[0]!;
    const split = routeName ? splits.get(routeName) : undefined;
    const parent = split ? node(split.parent.namespace, split.parent.service) : undefined;
    if (split && parent && parent.id !== dst.id && parent.id !== src.id) {
      parent.n.routes.add(routeName);
      addRow(parent.n.counts, row);
      const call = edge(src.id, parent.id, "call", null);
      call.routes.add(row.route);
      addRow(call.counts, row);
      const share = edge(parent.id, dst.id, "split", split.weightPercent.get(dst.id) ?? null);
      share.routes.add(row.route);
      addRow(share.counts, row);
    } else {
      const call = edge(src.id, dst.id, "call", null);
      call.routes.add(row.route);
      addRow(call.counts, row);
    }
  }
  return {
    nodes: [...nodes.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([id, n]) => ({
        id,
        namespace: n.namespace,
        service: n.service,
        routes: [...n.routes].sort(),
        ...goldenStats(n.counts, seconds),
      })),
    edges: [...edges.values()]
      .sort(
        (a, b) =>
          a.source.localeCompare(b.source) ||
          a.destination.localeCompare(b.destination) ||
          a.kind.localeCompare(b.kind),
      )
      .map((e) => ({
        source: e.source,
        destination: e.destination,
        kind: e.kind,
        routes: [...e.routes].sort(),
        weightPercent: e.weightPercent,
        ...goldenStats(e.counts, seconds),
      })),
  };
}
