/** A node or edge of the service graph as the layout needs it. */
export interface GraphNodeIn {
  id: string;
}
export interface GraphEdgeIn {
  source: string;
  destination: string;
}

export interface Placed {
  id: string;
  x: number;
  y: number;
  column: number;
}

export interface Layout {
  nodes: Map<string, Placed>;
  width: number;
  height: number;
}

/**
 * A left-to-right layered layout: callers left of callees. Each node's column is its
 * longest path from a node nobody calls (bounded by the node count, so cycles terminate);
 * inside a column nodes keep their (sorted) input order. Pure and deterministic, so the
 * picture does not jump between polls.
 */
export function layoutGraph(
  nodes: readonly GraphNodeIn[],
  edges: readonly GraphEdgeIn[],
  { columnWidth = 220, rowHeight = 90, margin = 70 } = {},
): Layout {
  const ids = nodes.map((n) => n.id);
  const column = new Map<string, number>(ids.map((id) => [id, 0]));
  const relevant = edges.filter(
    (e) => e.source !== e.destination && column.has(e.source) && column.has(e.destination),
  );
  // Bellman-Ford style relaxation of "longest path", capped at n rounds for cycles.
  for (let round = 0; round < ids.length; round++) {
    let changed = false;
    for (const e of relevant) {
      const next = column.get(e.source)! + 1;
      if (next > column.get(e.destination)! && next < ids.length) {
        column.set(e.destination, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const columns = new Map<number, string[]>();
  for (const id of ids) {
    const c = column.get(id)!;
    columns.set(c, [...(columns.get(c) ?? []), id]);
  }
  const tallest = Math.max(1, ...[...columns.values()].map((c) => c.length));
  const placed = new Map<string, Placed>();
  for (const [c, members] of columns) {
    const offset = ((tallest - members.length) * rowHeight) / 2;
    members.forEach((id, i) => {
      placed.set(id, { id, column: c, x: margin + c * columnWidth, y: margin + offset + i * rowHeight });
    });
  }
  const columnCount = Math.max(1, ...[...columns.keys()].map((c) => c + 1));
  return {
    nodes: placed,
    width: margin * 2 + (columnCount - 1) * columnWidth,
    height: margin * 2 + (tallest - 1) * rowHeight,
  };
}
