import type { ServiceGraph, ServiceGraphNode } from "@trellis/sdk";
import { useMemo } from "preact/hooks";
import { latency, percent, rps } from "../../lib/format.ts";
import { layoutGraph, smoothPath } from "../../lib/graph-layout.ts";
import { type EdgeText, graphFont, graphText, type NodeText } from "../../lib/graph-text.ts";
import { healthColor, healthLabel, healthOf } from "../../lib/health-colors.ts";

const healths = ["good", "warn", "bad", "idle"] as const;

/**
 * The service graph as SVG, as traffic flows: callers left of callees, a route's parent
 * splitting to its weighted backends (dashed), laid out by dagre so edges cross as little as
 * they can and labels sit beside (never on) the arrows. Coloured by success rate, with the
 * words in the labels too. A node is a button: it picks that service.
 */
export function ServiceGraphView(props: {
  graph: ServiceGraph;
  selected?: string | null;
  onSelect?: (node: ServiceGraphNode) => void;
}) {
  const text = useMemo(() => graphText(props.graph), [props.graph]);
  const layout = useMemo(
    () =>
      layoutGraph(
        text.nodes.map((n) => ({ id: n.node.id, width: n.width, height: n.height })),
        text.edges.map((e) => ({
          key: e.key,
          source: e.edge.source,
          destination: e.edge.destination,
          labelWidth: e.width,
          labelHeight: e.height,
        })),
      ),
    [text],
  );
  if (text.nodes.length === 0) return <p class="muted">No traffic in this window yet.</p>;
  const title = `Service graph: ${text.nodes.length} services, ${text.edges.length} edges`;
  const width = Math.ceil(layout.width);
  const height = Math.ceil(layout.height);
  return (
    <figure class="graph">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a fieldset; its nodes are buttons */}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        // Fits the panel by shrinking to at most three quarters (text stays legible); a wider
        // mesh scrolls sideways instead.
        style={{ minWidth: `${Math.round(width * 0.75)}px` }}
        role="group"
        aria-label={title}
        data-testid="service-graph"
      >
        <title>{title}</title>
        <defs>
          {healths.map((h) => (
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
        {text.edges.map((e) => {
          const route = layout.edges.get(e.key);
          return route ? <Edge key={e.key} text={e} route={route} /> : null;
        })}
        {text.nodes.map((n) => {
          const p = layout.nodes.get(n.node.id)!;
          return (
            <Node
              key={n.node.id}
              text={n}
              x={p.x - n.width / 2}
              y={p.y - n.height / 2}
              selected={props.selected === n.node.id}
              onSelect={() => props.onSelect?.(n.node)}
            />
          );
        })}
      </svg>
      <figcaption class="legend">
        {healths.map((h) => (
          <span key={h}>
            <span class={`swatch swatch-${h}`} /> {healthLabel[h]}
          </span>
        ))}
        <span>
          <span class="swatch-dash" /> a route's split to its backends (configured weight)
        </span>
      </figcaption>
    </figure>
  );
}

function Edge(props: {
  text: EdgeText;
  route: { points: { x: number; y: number }[]; labelX: number; labelY: number };
}) {
  const { edge: e, lines, width, height } = props.text;
  const { route } = props;
  const h = healthOf(e.successRate);
  return (
    <g
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
      <text class="edge-label" text-anchor="middle">
        {lines.map((line, i) => (
          <tspan key={line} x={route.labelX} y={route.labelY - height / 2 + 12 + i * graphFont.labelLine}>
            {line}
          </tspan>
        ))}
      </text>
    </g>
  );
}

function Node(props: { text: NodeText; x: number; y: number; selected: boolean; onSelect: () => void }) {
  const { node: n, name, stats, width, height } = props.text;
  const h = healthOf(n.successRate);
  return (
    // biome-ignore lint/a11y/useSemanticElements: SVG has no <button>; role, tabindex and keys make it one
    <g
      class={`node${props.selected ? " selected" : ""}`}
      data-node={n.id}
      data-health={h}
      data-selected={props.selected ? "true" : undefined}
      transform={`translate(${props.x},${props.y})`}
      role="button"
      tabIndex={0}
      aria-pressed={props.selected}
      aria-label={`${name}: ${stats.join(", ")}`}
      onClick={props.onSelect}
      onKeyDown={(e) => {
        if (e.key !== "Enter" && e.key !== " ") return;
        e.preventDefault();
        props.onSelect();
      }}
    >
      <rect
        width={width}
        height={height}
        rx="8"
        fill={props.selected ? "#eef4ff" : "#fff"}
        stroke={healthColor[h]}
        stroke-width={props.selected ? 4 : 2.5}
      />
      <text x={width / 2} y="19" text-anchor="middle" class="node-name">
        {name}
      </text>
      {stats.map((line, i) => (
        <text
          key={line}
          x={width / 2}
          y={22 + (i + 1) * graphFont.statsLine}
          text-anchor="middle"
          class={i === 0 && n.requests > 0 ? `node-stats text-${h}` : "node-stats"}
        >
          {line}
        </text>
      ))}
    </g>
  );
}
