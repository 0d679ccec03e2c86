/** Pure summaries of interleaved rounds: median and min–max, per-round ratios. */
export const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

export function spread(xs: number[], digits = 0): string {
  return `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;
}

/** "ours a–b, nginx c–d" for a row's note. */
export function spreads(parts: Record<string, number[]>, digits = 0): string {
  return Object.entries(parts)
    .map(([name, xs]) => `${name} ${spread(xs, digits)}`)
    .join(", ");
}
