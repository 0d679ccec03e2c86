import { linearScale, linePath, niceMax, type Point, splitPartial } from "../../lib/chart.ts";

export interface Series {
  label: string;
  color: string;
  points: Point[];
  dashed?: boolean;
}

const W = 420;
const H = 160;
const pad = { l: 48, r: 12, t: 10, b: 24 };

/**
 * A small inline-SVG line chart with a y axis, a time axis and a legend. Points at or after
 * `partialX` (the bucket in progress) are drawn as a faint dashed tail, marked "so far".
 */
export function LineChart(props: {
  title: string;
  series: Series[];
  format: (v: number) => string;
  yMax?: number;
  yMin?: number;
  partialX?: number | null;
}) {
  const partialX = props.partialX ?? null;
  const xs = props.series.flatMap((s) => s.points.map((p) => p.x));
  const ys = props.series.flatMap((s) => s.points.map((p) => p.y).filter((y): y is number => y !== null));
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const yMin = props.yMin ?? 0;
  const yMax = props.yMax ?? niceMax(Math.max(0, ...ys));
  const x = linearScale([x0, x1], [pad.l, W - pad.r]);
  const y = linearScale([yMin, yMax], [H - pad.b, pad.t]);
  const ticks = [yMin, (yMin + yMax) / 2, yMax];
  const time = (ms: number) =>
    new Date(ms).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
  const empty = ys.length === 0;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.title} chart`} data-testid="chart">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.l} x2={W - pad.r} y1={y(t)} y2={y(t)} class="gridline" />
            <text x={pad.l - 6} y={y(t) + 4} text-anchor="end" class="axis">
              {props.format(t)}
            </text>
          </g>
        ))}
        {xs.length > 0 ? (
          <>
            <text x={pad.l} y={H - 6} class="axis">
              {time(x0)}
            </text>
            <text x={W - pad.r} y={H - 6} text-anchor="end" class="axis">
              {time(x1)}
            </text>
          </>
        ) : null}
        {props.series.map((s) => {
          const { closed, tail } = splitPartial(s.points, partialX);
          return (
            <g key={s.label}>
              <path
                d={linePath(closed, x, y)}
                fill="none"
                stroke={s.color}
                stroke-width="2"
                stroke-dasharray={s.dashed ? "4 3" : undefined}
              />
              {tail.length > 0 ? (
                <path
                  d={linePath(tail, x, y)}
                  fill="none"
                  stroke={s.color}
                  stroke-width="1.5"
                  stroke-dasharray="2 3"
                  opacity="0.6"
                  data-partial="true"
                />
              ) : null}
            </g>
          );
        })}
        {partialX !== null && !empty ? (
          <text x={W - pad.r} y={pad.t + 10} text-anchor="end" class="axis">
            last point: so far
          </text>
        ) : null}
        {empty ? (
          <text x={W / 2} y={H / 2} text-anchor="middle" class="axis">
            no requests in this window
          </text>
        ) : null}
      </svg>
      {props.series.length > 1 ? (
        <div class="legend">
          {props.series.map((s) => (
            <span key={s.label}>
              <span class="swatch" style={{ background: s.color }} /> {s.label}
            </span>
          ))}
        </div>
      ) : null}
    </figure>
  );
}
