import dagre from "@dagrejs/dagre";

/** A node to place: its id and the size of its box (text inside). */
export interface LayoutNodeIn {
  id: string;
  width: number;
  height: number;
}

/** An edge to route: its ends, and the size of its label (placed by the layout, off the arrows). */
export interface LayoutEdgeIn {
  key: string;
  source: string;
  destination: string;
  labelWidth: number;
  labelHeight: number;
}

export interface PlacedNode {
  id: string;
  /** Centre of the box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RoutedEdge {
  key: string;
  /** The path's points, from the source's box border to the destination's. */
  points: { x: number; y: number }[];
  /** Centre of the label. */
  labelX: number;
  labelY: number;
}

export interface Layout {
  nodes: Map<string, PlacedNode>;
  edges: Map<string, RoutedEdge>;
  width: number;
  height: number;
}

/**
 * A layered left-to-right layout (dagre: Sugiyama with crossing reduction): callers left of
 * callees, edge labels placed as their own boxes so they never sit on an arrow or a node.
 * Inputs are sorted first, so the same graph always gets the same picture between polls.
 * Cycles are fine (dagre reverses an edge of each). Pure.
 */
export function layoutGraph(
  nodes: readonly LayoutNodeIn[],
  edges: readonly LayoutEdgeIn[],
  { margin = 10, rankGap = 16, nodeGap = 20 } = {},
): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true });
  g.setGraph({
    rankdir: "LR",
    ranksep: rankGap,
    nodesep: nodeGap,
    edgesep: 14,
    marginx: margin,
    marginy: margin,
  });
  g.setDefaultEdgeLabel(() => ({}));
  const ids = new Set(nodes.map((n) => n.id));
  for (const n of [...nodes].sort((a, b) => a.id.localeCompare(b.id)))
    g.setNode(n.id, { width: n.width, height: n.height });
  const kept = edges.filter((e) => ids.has(e.source) && ids.has(e.destination));
  for (const e of [...kept].sort((a, b) => a.key.localeCompare(b.key)))
    g.setEdge(
      e.source,
      e.destination,
      { width: e.labelWidth, height: e.labelHeight, labelpos: "c", minlen: 1 },
      e.key,
    );
  dagre.layout(g);
  const placed = new Map<string, PlacedNode>();
  for (const n of nodes) {
    const p = g.node(n.id);
    placed.set(n.id, { id: n.id, x: p.x, y: p.y, width: n.width, height: n.height });
  }
  const routed = new Map<string, RoutedEdge>();
  for (const e of kept) {
    const label = g.edge({ v: e.source, w: e.destination, name: e.key }) as {
      points?: { x: number; y: number }[];
      x?: number;
      y?: number;
    };
    const points = label.points ?? [];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    routed.set(e.key, { key: e.key, points, labelX: label.x ?? mid.x, labelY: label.y ?? mid.y });
  }
  const size = g.graph() as { width?: number; height?: number };
  return { nodes: placed, edges: routed, width: size.width ?? 0, height: size.height ?? 0 };
}

/** A smooth SVG path through the points (quadratic segments between midpoints). Pure. */
export function smoothPath(points: readonly { x: number; y: number }[]): string {
  if (points.length === 0) return "";
  const f = (n: number) => n.toFixed(1);
  const [first, ...rest] = points;
  if (rest.length === 0) return `M${f(first!.x)},${f(first!.y)}`;
  let d = `M${f(first!.x)},${f(first!.y)}`;
  for (let i = 0; i < rest.length - 1; i++) {
    const p = rest[i]!;
    const q = rest[i + 1]!;
    d += ` Q${f(p.x)},${f(p.y)} ${f((p.x + q.x) / 2)},${f((p.y + q.y) / 2)}`;
  }
  const last = rest[rest.length - 1]!;
  return `${d} L${f(last.x)},${f(last.y)}`;
}

/** Whether two boxes (centre, size) overlap; for tests of the layout. Pure. */
export function boxesOverlap(
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
): boolean {
  return Math.abs(a.x - b.x) * 2 < a.width + b.width && Math.abs(a.y - b.y) * 2 < a.height + b.height;
}
