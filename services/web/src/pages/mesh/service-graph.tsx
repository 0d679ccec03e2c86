import type { ServiceGraph, ServiceGraphEdge, ServiceGraphNode } from "@trellis/sdk";
import { useMemo } from "preact/hooks";
import { latency, percent, rps } from "../../lib/format.ts";
import { type Layout, layoutGraph, smoothPath } from "../../lib/graph-layout.ts";
import { type Health, healthColor, healthLabel, healthOf } from "../../lib/health-colors.ts";

const nameFont = 14;
const statsFont = 12;
const labelFont = 12;
/** Text width in px at a font size: system-ui averages about 0.6 em per character. */
const textWidth = (text: string, px: number) => Math.ceil(text.length * px * 0.6);

/** The graph's words, computed once: what each box and label says sets its size. */
function describeGraph(graph: ServiceGraph) {
  const callers = new Set(graph.edges.map((e) => e.source));
  const nodes = graph.nodes.map((n) => {
    const name = n.service || "(outside the mesh)";
    const stats =
      n.requests > 0
        ? `${percent(n.successRate)} · ${rps(n.rps)} · p99 ${latency(n.latencyMsP99)}`
        : callers.has(n.id)
          ? "no inbound traffic"
          : healthLabel[healthOf(n.successRate)];
    const via = n.routes.length > 0 ? `splits by ${n.routes.join(", ")}` : "";
    const lines = via ? 3 : 2;
    const width =
      Math.max(120, textWidth(name, nameFont), textWidth(stats, statsFont), textWidth(via, statsFont)) + 24;
    return { node: n, name, stats, via, width, height: 18 * lines + 12 };
  });
  const edges = graph.edges.map((e) => {
    const text =
      e.kind === "split"
        ? `${e.weightPercent === null ? "" : `${e.weightPercent}% · `}${rps(e.rps)}`
        : `${rps(e.rps)} · p99 ${latency(e.latencyMsP99)}`;
    return { edge: e, key: edgeKey(e), text, width: textWidth(text, labelFont) + 8, height: labelFont + 6 };
  });
  return { nodes, edges };
}

export const edgeKey = (e: Pick<ServiceGraphEdge, "source" | "destination" | "kind">) =>
  `${e.source}->${e.destination}${e.kind === "split" ? " split" : ""}`;

/**
 * The service graph as SVG, as traffic flows: callers left of callees, a route's parent
 * splitting to its weighted backends, laid out by dagre so edges cross as little as they can
 * and labels sit beside (never on) the arrows. Nodes and edges are coloured by success rate
 * (with the words in the labels too). A node is a button: it selects that service.
 */
export function ServiceGraphView(props: {
  graph: ServiceGraph;
  selected?: string | null;
  onSelect?: (node: ServiceGraphNode) => void;
}) {
  const described = useMemo(() => describeGraph(props.graph), [props.graph]);
  const layout: Layout = useMemo(
    () =>
      layoutGraph(
        described.nodes.map((n) => ({ id: n.node.id, width: n.width, height: n.height })),
        described.edges.map((e) => ({
          key: e.key,
          source: e.edge.source,
          destination: e.edge.destination,
          labelWidth: e.width,
          labelHeight: e.height,
        })),
      ),
    [described],
  );
  if (described.nodes.length === 0) return <p class="muted">No traffic in this window yet.</p>;
  const title = `Service graph: ${described.nodes.length} services, ${described.edges.length} edges`;
  return (
    <figure class="graph">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a fieldset; its nodes are buttons */}
      <svg
        viewBox={`0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`}
        style={{ maxWidth: `${Math.ceil(layout.width)}px` }}
        role="group"
        aria-label={title}
        data-testid="service-graph"
      >
        <title>{title}</title>
        <defs>
          {(["good", "warn", "bad", "idle"] as const).map((h) => (
            <marker
              key={h}
              id={`arrow-${h}`}
              viewBox="0 0 10 10"
              refX="10"
              refY="5"
              markerWidth="7"
              markerHeight="7"
              orient="auto"
            >
              <path d="M0,0 L10,5 L0,10 z" fill={healthColor[h]} />
            </marker>
          ))}
        </defs>
        {described.edges.map(({ edge: e, key, text, width, height }) => {
          const route = layout.edges.get(key);
          if (!route) return null;
          const h = healthOf(e.successRate);
          return (
            <g
              key={key}
              class={`edge edge-${e.kind}`}
              data-edge={`${e.source}->${e.destination}`}
              data-kind={e.kind}
              data-weight={e.weightPercent ?? undefined}
              data-health={h}
            >
              <path
                d={smoothPath(route.points)}
                fill="none"
                stroke={healthColor[h]}
                stroke-width={2 + Math.min(4, Math.log10(1 + e.rps) * 2)}
                stroke-dasharray={e.kind === "split" ? "6 4" : undefined}
                marker-end={`url(#arrow-${h})`}
              >
                <title>
                  {e.source} → {e.destination}: {rps(e.rps)}, {percent(e.successRate)} success, p99{" "}
                  {latency(e.latencyMsP99)}
                </title>
              </path>
              <rect
                class="edge-label-box"
                x={route.labelX - width / 2}
                y={route.labelY - height / 2}
                width={width}
                height={height}
                rx="3"
              />
              <text
                x={route.labelX}
                y={route.labelY + labelFont / 2 - 2}
                text-anchor="middle"
                class="edge-label"
              >
                {text}
              </text>
            </g>
          );
        })}
        {described.nodes.map(({ node: n, name, stats, via, width, height }) => {
          const p = layout.nodes.get(n.id)!;
          const h: Health = healthOf(n.successRate);
          const selected = props.selected === n.id;
          const select = () => props.onSelect?.(n);
          return (
            // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; role, tabindex and keys make it one
            <g
              key={n.id}
              class={`node${selected ? " selected" : ""}`}
              data-node={n.id}
              data-health={h}
              data-selected={selected ? "true" : undefined}
              transform={`translate(${p.x - width / 2},${p.y - height / 2})`}
              role="button"
              tabIndex={0}
              aria-pressed={selected}
              aria-label={`${name}: ${stats}`}
              onClick={select}
              onKeyDown={(e) => {
                if (e.key !== "Enter" && e.key !== " ") return;
                e.preventDefault();
                select();
              }}
            >
              <rect
                width={width}
                height={height}
                rx="8"
                fill={selected ? "#eef4ff" : "#fff"}
                stroke={healthColor[h]}
                stroke-width={selected ? 4 : 2.5}
              />
              <text x={width / 2} y="21" text-anchor="middle" class="node-name">
                {name}
              </text>
              <text x={width / 2} y="39" text-anchor="middle" class="node-stats" fill={healthColor[h]}>
                {stats}
              </text>
              {via ? (
                <text x={width / 2} y="57" text-anchor="middle" class="node-stats">
                  {via}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {(["good", "warn", "bad", "idle"] as const).map((h) => (
          <span key={h}>
            <span class={`swatch swatch-${h}`} /> {healthLabel[h]}
          </span>
        ))}
        <span>
          <span class="swatch-dash" /> share of a route's traffic (configured weight)
        </span>
      </figcaption>
    </figure>
  );
}
