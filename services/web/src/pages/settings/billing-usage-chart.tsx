import type { UsageDay } from "../../lib/billing.ts";
import { niceMax } from "../../lib/chart.ts";

const width = 720;
const height = 180;
const pad = { left: 44, right: 8, top: 10, bottom: 24 };

/** Proxy-hours per day of the billing period, as bars (hover a bar for its day and value). */
export function UsageChart(props: { days: UsageDay[] }) {
  const max = niceMax(Math.max(...props.days.map((d) => d.proxyHours), 1));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / props.days.length;
  const barW = Math.max(2, Math.min(slot * 0.7, 28));
  const total = props.days.reduce((s, d) => s + d.proxyHours, 0);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  return (
    <figure class="usage-chart" data-testid="usage-chart">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Proxy-hours per day: ${total} in ${props.days.length} days, at most ${Math.max(...props.days.map((d) => d.proxyHours))} in a day`}
      >
        {[0, max / 2, max].map((v) => (
          <g key={v}>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} class="grid-line" />
            <text x={pad.left - 6} y={y(v) + 4} text-anchor="end" class="axis">
              {v}
            </text>
          </g>
        ))}
        {props.days.map((d, i) => (
          <rect
            key={d.day}
            x={pad.left + i * slot + (slot - barW) / 2}
            y={y(d.proxyHours)}
            width={barW}
            height={Math.max(0, pad.top + plotH - y(d.proxyHours))}
            class="bar"
            data-day={d.day}
            data-value={d.proxyHours}
          >
            <title>{`${d.day}: ${d.proxyHours} proxy-hours`}</title>
          </rect>
        ))}
        <text x={pad.left} y={height - 6} class="axis">
          {props.days[0]?.day}
        </text>
        <text x={width - pad.right} y={height - 6} text-anchor="end" class="axis">
          {props.days.at(-1)?.day}
        </text>
      </svg>
      <figcaption class="muted small">
        Proxy-hours per day (UTC). A proxy connected during an hour counts once for it.
      </figcaption>
    </figure>
  );
}
