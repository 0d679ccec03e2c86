import type { ServiceGraph, ServiceGraphEdge, ServiceGraphNode } from "@trellis/sdk";
import { latency, percent, rps } from "./format.ts";
import { healthLabel, healthOf } from "./health-colors.ts";

/** Font sizes of the graph's text, in px (styles.css uses the same). */
export const graphFont = { name: 13, stats: 11, label: 11, statsLine: 15, labelLine: 13 };

/** Text width in px at a font size: system-ui averages about 0.55 em per character. */
const textWidth = (text: string, px: number) => Math.ceil(text.length * px * 0.57);

export interface NodeText {
  node: ServiceGraphNode;
  name: string;
  /** Short lines under the name: success · rate, p99, and the routes it splits. */
  stats: string[];
  width: number;
  height: number;
}

export interface EdgeText {
  edge: ServiceGraphEdge;
  key: string;
  lines: string[];
  width: number;
  height: number;
}

export const edgeKey = (e: Pick<ServiceGraphEdge, "source" | "destination" | "kind">) =>
  `${e.source}->${e.destination}${e.kind === "split" ? " split" : ""}`;

/**
 * What each box and label of the graph says, and so its size: text stays inside boxes, and
 * the layout keeps labels (sized boxes of their own) off the arrows. Stats go on short lines,
 * which keeps the left-to-right picture narrow. Pure.
 */
export function graphText(graph: ServiceGraph): { nodes: NodeText[]; edges: EdgeText[] } {
  const callers = new Set(graph.edges.map((e) => e.source));
  const nodes = graph.nodes.map((n) => {
    const name = n.service || "(outside the mesh)";
    const stats =
      n.requests > 0
        ? [`${percent(n.successRate)} · ${rps(n.rps)}`, `p99 ${latency(n.latencyMsP99)}`]
        : [callers.has(n.id) ? "no inbound traffic" : healthLabel[healthOf(n.successRate)]];
    if (n.routes.length > 0) stats.push(`route ${n.routes.join(", ")}`);
    const width =
      Math.max(96, textWidth(name, graphFont.name), ...stats.map((t) => textWidth(t, graphFont.stats))) + 20;
    return { node: n, name, stats, width, height: 22 + stats.length * graphFont.statsLine + 8 };
  });
  const edges = graph.edges.map((e) => {
    const lines =
      e.kind === "split"
        ? [...(e.weightPercent === null ? [] : [`${e.weightPercent}%`]), rps(e.rps)]
        : [rps(e.rps), `p99 ${latency(e.latencyMsP99)}`];
    const width = Math.max(...lines.map((t) => textWidth(t, graphFont.label))) + 8;
    return { edge: e, key: edgeKey(e), lines, width, height: lines.length * graphFont.labelLine + 4 };
  });
  return { nodes, edges };
}
