import type { ServiceGraph } from "../../api/observability.ts";
import { latency, percent, rps } from "../../lib/format.ts";
import { layoutGraph } from "../../lib/graph-layout.ts";
import { healthColor, healthLabel, healthOf } from "../../lib/health-colors.ts";

const nodeW = 150;
const nodeH = 46;

/**
 * The service graph as SVG: callers left of callees; nodes and edges coloured by success
 * rate (with the words in the labels too), labelled with RPS and p99.
 */
export function ServiceGraphView(props: { graph: ServiceGraph }) {
  const { nodes, edges } = props.graph;
  if (nodes.length === 0) return <p class="muted">No traffic in this window yet.</p>;
  // Margins fit half a node (nothing clipped); the column gap fits an edge label.
  const layout = layoutGraph(nodes, edges, { columnWidth: 320, rowHeight: 90, margin: nodeW / 2 + 16 });
  const callers = new Set(edges.map((e) => e.source));
  const width = Math.max(layout.width, 320);
  const height = Math.max(layout.height, 140);
  const pos = (id: string) => layout.nodes.get(id)!;
  const title = `Service graph: ${nodes.length} services, ${edges.length} edges`;
  return (
    <figure class="graph">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-testid="service-graph">
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
        {edges.map((e) => {
          const a = pos(e.source);
          const b = pos(e.destination);
          if (!a || !b) return null;
          const h = healthOf(e.successRate);
          const x1 = a.x + nodeW / 2;
          const x2 = b.x - nodeW / 2;
          const mx = (x1 + x2) / 2;
          const d =
            e.source === e.destination
              ? `M${a.x},${a.y - nodeH / 2} c 40,-50 80,0 ${nodeW / 2},${nodeH / 2}`
              : `M${x1},${a.y} C${mx},${a.y} ${mx},${b.y} ${x2},${b.y}`;
          return (
            <g key={`${e.source}->${e.destination}`} class="edge" data-edge={`${e.source}->${e.destination}`}>
              <path
                d={d}
                fill="none"
                stroke={healthColor[h]}
                stroke-width={2 + Math.min(4, Math.log10(1 + e.rps) * 2)}
                marker-end={`url(#arrow-${h})`}
              >
                <title>
                  {e.source} → {e.destination}: {rps(e.rps)}, {percent(e.successRate)} success, p99{" "}
                  {latency(e.latencyMsP99)}
                </title>
              </path>
              {/* Beside the arrow head: labels of edges that cross mid-way stay apart. */}
              <text x={x2 - 8} y={b.y - 8} text-anchor="end" class="edge-label">
                {rps(e.rps)} · p99 {latency(e.latencyMsP99)}
              </text>
            </g>
          );
        })}
        {nodes.map((n) => {
          const p = pos(n.id);
          const h = healthOf(n.successRate);
          return (
            <g
              key={n.id}
              class="node"
              data-node={n.id}
              transform={`translate(${p.x - nodeW / 2},${p.y - nodeH / 2})`}
            >
              <rect
                width={nodeW}
                height={nodeH}
                rx="8"
                fill="#fff"
                stroke={healthColor[h]}
                stroke-width="2.5"
              />
              <text x={nodeW / 2} y="18" text-anchor="middle" class="node-name">
                {n.service || "(outside the mesh)"}
              </text>
              <text x={nodeW / 2} y="35" text-anchor="middle" class="node-stats" fill={healthColor[h]}>
                {n.requests > 0
                  ? `${percent(n.successRate)} · ${rps(n.rps)} · p99 ${latency(n.latencyMsP99)}`
                  : callers.has(n.id)
                    ? "no inbound traffic"
                    : healthLabel[h]}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="legend">
        {(["good", "warn", "bad", "idle"] as const).map((h) => (
          <span key={h}>
            <span class="swatch" style={{ background: healthColor[h] }} /> {healthLabel[h]}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
