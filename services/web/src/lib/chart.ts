/** One point of a time series: x in ms since epoch, y a value (null = no data). */
export interface Point {
  x: number;
  y: number | null;
}

export interface Scale {
  (value: number): number;
  domain: [number, number];
}

/** A linear scale from `domain` onto `range`; a flat domain maps to the range's start. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const scale = ((v: number) => (span === 0 ? r0 : r0 + ((v - d0) / span) * (r1 - r0))) as Scale;
  scale.domain = domain;
  return scale;
}

/**
 * An SVG path for a series, broken where data is missing (a gap is a gap, not a line
 * through zero). Pure.
 */
export function linePath(points: readonly Point[], x: Scale, y: Scale): string {
  let d = "";
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** A "nice" upper bound for an axis: 1, 2 or 5 × 10^n at or above `max`. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const exp = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * exp >= max) return step * exp;
  return 10 * exp;
}

/**
 * Splits a series where its bucket in progress begins (`partialX`): the closed buckets, and
 * the tail from the last closed point to the partial one, drawn apart (dashed) so an
 * unfinished minute never reads as a drop. Pure.
 */
export function splitPartial(
  points: readonly Point[],
  partialX: number | null,
): { closed: Point[]; tail: Point[] } {
  if (partialX === null) return { closed: [...points], tail: [] };
  const closed = points.filter((p) => p.x < partialX);
  const open = points.filter((p) => p.x >= partialX);
  const last = closed[closed.length - 1];
  return { closed, tail: open.length > 0 && last ? [last, ...open] : open };
}

/** "2 min" of a window observed, for a caption; null when the whole window was. Pure. */
export function observedNote(observedSeconds: number, windowSeconds: number): string | null {
  if (observedSeconds >= windowSeconds - 60) return null;
  const s = Math.round(observedSeconds);
  if (s < 120) return `${s} s`;
  if (s < 2 * 3600) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}
